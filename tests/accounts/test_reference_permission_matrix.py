"""Role × action matrix on reference data (networks, memberships, municipalities, topics,
equivalences), the workflow and the admin reports, with a network-limited editor beside the roles
of the report matrix in test_permission_matrix.py.
"""

import pytest

from django.urls import reverse

from wagtail.models import TaskState

from .helpers import DENIED, LOGIN, ROLES, admin_form, log_ids, new_entries, page_state, refused

# Reference data (snippets) and memberships: (status, took effect) per role in SNIPPET_ROLES.
SNIPPET_ROLES = [*ROLES, "digut_editor"]
SNIPPET_MATRIX = {
    # Adding Timrå to DiguT would widen what DiguT's editor acts for: administrators only.
    "widen_network": [LOGIN, LOGIN, DENIED, DENIED, (302, False), (302, True), (302, False)],
    "delete_network": [LOGIN, LOGIN, DENIED, DENIED, DENIED, (302, True), DENIED],
    "widen_membership": [LOGIN, LOGIN, DENIED, DENIED, DENIED, (302, True), DENIED],
    "edit_municipality": [LOGIN, LOGIN, DENIED, DENIED, (302, True), (302, True), (302, True)],
    "edit_topic": [LOGIN, LOGIN, DENIED, DENIED, (302, True), (302, True), (302, True)],
    "edit_equivalence": [LOGIN, LOGIN, DENIED, DENIED, (302, True), (302, True), (302, True)],
}


@pytest.fixture
def reference(django_user_model, users, municipality_a, municipality_b):
    from accounts.roles import EDITORS
    from experiences.factories import NetworkFactory, TopicFactory
    from search.models import Equivalence

    from .conftest import make_user

    network = NetworkFactory(name="DiguT")
    network.members.set([municipality_a])
    network.save()
    digut_editor = make_user(django_user_model, "digut_editor", EDITORS, networks=[network])
    return {
        "users": {**users, "digut_editor": digut_editor},
        "network": network,
        "municipality": municipality_b,
        "topic": TopicFactory(name="Arkiv"),
        "equivalence": Equivalence.objects.create(terms="søknad:nb, ansökan:sv"),
        "membership": digut_editor.membership,
    }


def snippet_state(reference):
    from accounts.models import Membership
    from experiences.models import Municipality, Network, Topic
    from search.models import Equivalence

    network = Network.objects.filter(pk=reference["network"].pk).first()
    membership = Membership.objects.get(pk=reference["membership"].pk)
    return (
        network and (network.name, sorted(network.members.values_list("pk", flat=True))),
        Municipality.objects.values_list("name", flat=True).get(pk=reference["municipality"].pk),
        Topic.objects.values_list("name", flat=True).get(pk=reference["topic"].pk),
        Equivalence.objects.values_list("terms", flat=True).get(pk=reference["equivalence"].pk),
        sorted(membership.municipalities.values_list("pk", flat=True)),
        sorted(membership.networks.values_list("pk", flat=True)),
    )


def snippet_request(client, action, reference, municipality_b):
    network, membership = reference["network"], reference["membership"]
    if action == "widen_network":
        url = reverse("wagtailsnippets_experiences_network:edit", args=[network.pk])
        data = admin_form(client, url, form_id="w-editor-form")
        data["members"] = [str(pk) for pk in network.members.values_list("pk", flat=True)] + [str(municipality_b.pk)]
    elif action == "delete_network":
        return reverse("wagtailsnippets_experiences_network:delete", args=[network.pk]), {}
    elif action == "widen_membership":
        url = reverse("memberships:edit", args=[membership.pk])
        data = admin_form(client, url, form_id="w-editor-form")
        data["municipalities"] = [str(municipality_b.pk)]
    elif action == "edit_municipality":
        url = reverse("wagtailsnippets_experiences_municipality:edit", args=[reference["municipality"].pk])
        data = admin_form(client, url, form_id="w-editor-form")
        data["name"] = "Nytt navn"
        data["region"] = [""]  # the factory's region is Norwegian, Timrå is Swedish
    elif action == "edit_topic":
        url = reverse("wagtailsnippets_experiences_topic:edit", args=[reference["topic"].pk])
        data = admin_form(client, url, form_id="w-editor-form")
        data["name"] = "Nytt navn"
    else:
        url = reverse("wagtailsnippets_erfa_search_equivalence:edit", args=[reference["equivalence"].pk])
        data = admin_form(client, url, form_id="w-editor-form")
        data["terms"] = "søknad:nb, ansökan:sv, application:en"
    return url, data


@pytest.mark.parametrize("role_index,role", list(enumerate(SNIPPET_ROLES)), ids=SNIPPET_ROLES)
@pytest.mark.parametrize("action", list(SNIPPET_MATRIX))
def test_snippet_permission_matrix(client, reference, municipality_b, action, role_index, role):
    expected = SNIPPET_MATRIX[action][role_index]
    url, data = snippet_request(client, action, reference, municipality_b)
    user = reference["users"][role]
    if user is not None:
        client.force_login(user)
    before, entries_before = snippet_state(reference), log_ids()

    response = client.post(url, data)

    after = snippet_state(reference)
    if refused(response, expected):
        succeeded = False
    else:
        status, succeeded = expected
        assert response.status_code == status, getattr(response, "context", None) and response.context.get("form")
    if succeeded:
        assert after != before
    else:
        assert after == before
    members_logged = [e for e in new_entries(entries_before) if e.action == "erfa.network_members"]
    if action == "widen_network" and succeeded:
        # The audit log keeps who changed the members, and the members before and after.
        (entry,) = members_logged
        assert entry.user_id == user.pk
        assert entry.data["before"] == ["Malvik"] and entry.data["after"] == ["Malvik", "Timrå"]
    else:
        assert not members_logged


def test_network_editor_cannot_reach_a_report_outside_the_network_after_trying(
    client, reference, experience_index, municipality_b
):
    from experiences.factories import ExperiencePageFactory

    report = ExperiencePageFactory(parent=experience_index, title="Timrås rapport", municipalities=[municipality_b])
    editor = reference["users"]["digut_editor"]
    url, data = snippet_request(client, "widen_network", reference, municipality_b)
    client.force_login(editor)
    client.post(url, data)
    client.post(reverse("wagtailsnippets_experiences_network:delete", args=[reference["network"].pk]))
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[report.pk]))
    assert response.status_code in {302, 403, 404}
    report.refresh_from_db()
    assert report.live


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_out_of_scope_workflow_actions_are_refused(client, reference, experience_index, municipality_b, action):
    from experiences.factories import ExperiencePageFactory

    users = reference["users"]
    report = ExperiencePageFactory(
        parent=experience_index, title="Timrås utkast", municipalities=[municipality_b], live=False
    )
    report.save_revision(user=users["contributor_b"])
    report.get_workflow().start(report, users["contributor_b"])
    task_state = TaskState.objects.get(workflow_state__object_id=str(report.pk), status="in_progress")
    state_before, entries_before = page_state(report.pk), log_ids()
    client.force_login(users["digut_editor"])

    url = reverse("wagtailadmin_pages:workflow_action", args=[report.pk, action, task_state.pk])
    response = client.post(url, {"comment": "ok"})

    assert response.status_code in {302, 403, 404}
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    assert page_state(report.pk) == state_before
    assert not [e for e in new_entries(entries_before) if e.action.startswith("wagtail.workflow")]


# Every admin report, read by each role while Timrå has a pending draft: (status or marker) per role.
REPORTS = [
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:page_types_usage",
    "wagtailsearchpromotions:search_terms",
    "erfa_dashboard",
    "erfa_overdue_guides",
    "erfa_search_insight",
]


SHOWS_DRAFTS = {
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:site_history",
}


@pytest.mark.parametrize("role", SNIPPET_ROLES)
@pytest.mark.parametrize("report", REPORTS)
def test_every_admin_report_keeps_other_municipalities_drafts_out(
    client, reference, experience_index, municipality_b, report, role
):
    from experiences.factories import ExperiencePageFactory

    users = reference["users"]
    draft = ExperiencePageFactory(
        parent=experience_index, title="Timrås hemmelige utkast", municipalities=[municipality_b], live=False
    )
    draft.save_revision(user=users["contributor_b"], log_action=True)
    draft.get_workflow().start(draft, users["contributor_b"])
    type(draft).objects.filter(pk=draft.pk).update(locked=True, locked_by=users["contributor_b"])
    state_before, entries_before = page_state(draft.pk), log_ids()
    if users[role] is not None:
        client.force_login(users[role])

    response = client.get(reverse(report))

    body = response.content.decode(errors="replace")
    if users[role] is None or role == "reader":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code in {200, 302, 403}
    # Timrå's editor-wide readers (unlimited editors, administrators) may see it; nobody limited may.
    may_see = role in {"contributor_b", "editor", "administrator"}
    if not may_see:
        assert "Timrås hemmelige utkast" not in body
    elif role == "administrator" and report in SHOWS_DRAFTS:
        assert "Timrås hemmelige utkast" in body  # so the check above can fail
    # Reading a report changes nothing.
    assert page_state(draft.pk) == state_before
    assert not [e for e in new_entries(entries_before) if e.action != "erfa.sign_in"]
