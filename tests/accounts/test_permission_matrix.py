"""Role × action matrix on an experience report owned by municipality A.

Each row states the HTTP status and whether the action took effect. Where it was refused the
report is exactly as before; an audit entry appears exactly when the action succeeded.
"""

import pytest

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Collection, ModelLogEntry, PageLogEntry, TaskState

from experiences.models import ExperiencePage

from .helpers import admin_form, create_form, edit_form

ROLES = ["anonymous", "reader", "contributor_a", "contributor_b", "editor", "administrator"]
LOGIN = "login"  # a redirect to the admin's sign-in page
DENIED = "denied"  # Wagtail's permission-denied redirect to the admin dashboard
HIDDEN = "hidden"  # 404: a page outside the user's municipalities does not exist for them
# (status, took effect) per role, in ROLES order.
MATRIX = {
    "view": [LOGIN, LOGIN, (200, True), HIDDEN, (200, True), (200, True)],
    "create": [LOGIN, LOGIN, (302, True), (200, False), (302, True), (302, True)],
    "edit": [LOGIN, LOGIN, (302, True), HIDDEN, (302, True), (302, True)],
    "submit": [LOGIN, LOGIN, (302, True), HIDDEN, (302, True), (302, True)],
    "approve": [LOGIN, LOGIN, DENIED, HIDDEN, (302, True), (302, True)],
    # A contributor's "publish" is saved as a draft: accepted, but nothing goes live.
    "publish": [LOGIN, LOGIN, (302, False), HIDDEN, (302, True), (302, True)],
    "unpublish": [LOGIN, LOGIN, DENIED, HIDDEN, (302, True), (302, True)],
    "delete": [LOGIN, LOGIN, DENIED, HIDDEN, (302, True), (302, True)],
    "upload": [LOGIN, LOGIN, (302, True), (302, True), (302, True), (302, True)],
    "preview": [LOGIN, LOGIN, (200, True), HIDDEN, (200, True), (200, True)],
    "compare": [LOGIN, LOGIN, (200, True), HIDDEN, (200, True), (200, True)],
    "manage_users": [LOGIN, LOGIN, DENIED, DENIED, DENIED, (302, True)],
}
# The audit entry a successful action leaves; None for read-only actions, which leave none.
AUDIT = {
    "view": None,
    "create": "wagtail.create",
    "edit": "wagtail.edit",
    "submit": "wagtail.workflow.start",
    "approve": "wagtail.workflow.approve",
    "publish": "wagtail.publish",
    "unpublish": "wagtail.unpublish",
    "delete": "wagtail.delete",
    "upload": "wagtail.create",
    "preview": None,
    "compare": None,
    "manage_users": "erfa.membership",
}


class Case:
    """Prepares one action on the report, performs it as the role, and says whether it took effect."""

    def __init__(self, client, page, index, users, municipality_a):
        self.client, self.page, self.index, self.users, self.municipality_a = client, page, index, users, municipality_a
        self.data = None

    def prepare(self, action):
        page = self.page
        if action in {"edit", "submit", "publish", "preview"}:
            self.data = edit_form(self.client, page)
            self.data["title"] = "Ny tittel"
        if action == "create":
            self.data = create_form(self.client, self.index, "Ny rapport", [self.municipality_a])
        if action == "approve":
            page.title = "Klar for godkjenning"
            page.save_revision(user=self.users["contributor_a"])
            page.get_workflow().start(page, self.users["contributor_a"])
            self.task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")
        if action == "compare":
            page.title = "Utkast"
            self.revision = page.save_revision(user=self.users["contributor_a"])

    def perform(self, action):
        page, post = self.page, self.client.post
        match action:
            case "view":
                return self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            case "create":
                url = reverse("wagtailadmin_pages:add", args=["experiences", "experiencepage", self.index.pk])
                return post(url, self.data)
            case "edit":
                return post(reverse("wagtailadmin_pages:edit", args=[page.pk]), self.data)
            case "submit":
                return post(
                    reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    {**self.data, "action-submit": "1"},
                )
            case "publish":
                return post(
                    reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    {**self.data, "action-publish": "1"},
                )
            case "approve":
                url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", self.task_state.pk])
                return post(url, {})
            case "unpublish":
                return post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
            case "delete":
                return post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
            case "upload":
                upload = SimpleUploadedFile("plan.txt", b"Prosjektplan for SvarUt.", content_type="text/plain")
                data = {"title": "Prosjektplan", "file": upload, "collection": Collection.get_first_root_node().pk}
                return post(reverse("wagtaildocs:add"), data)
            case "preview":
                return post(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), self.data)
            case "compare":
                url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", self.revision.pk])
                return self.client.get(url)
            case "manage_users":
                data = {
                    "email": "ny@malvik.example.no",
                    "first_name": "Ny",
                    "last_name": "Bidragsyter",
                    "municipalities": [self.municipality_a.pk],
                }
                return post(reverse("erfa_invite_user"), data)

    def took_effect(self, action, response):
        page = ExperiencePage.objects.filter(pk=self.page.pk).first()
        match action:
            case "view" | "compare":
                return response.status_code == 200 and b"SvarUt i Malvik" in response.content
            case "preview":
                return response.status_code == 200 and response.json().get("is_valid") is True
            case "create":
                return ExperiencePage.objects.filter(title="Ny rapport").exists()
            case "edit":
                return page.draft_title == "Ny tittel"
            case "submit":
                return page.workflow_in_progress
            case "approve":
                return page.live and page.title == "Klar for godkjenning" and not page.workflow_in_progress
            case "publish":
                return page.title == "Ny tittel"
            case "unpublish":
                return not page.live
            case "delete":
                return page is None
            case "upload":
                return Document.objects.filter(title="Prosjektplan").exists()
            case "manage_users":
                return get_user_model().objects.filter(email="ny@malvik.example.no").exists()


def page_state(page_id):
    page = ExperiencePage.objects.filter(pk=page_id).first()
    if page is None:
        return None
    return (
        page.title,
        page.draft_title,
        page.live,
        page.latest_revision_id,
        page.live_revision_id,
        page.has_unpublished_changes,
        page.workflow_in_progress,
        sorted(page.municipalities.values_list("pk", flat=True)),
    )


def log_ids():
    return set(PageLogEntry.objects.values_list("pk", flat=True)), set(
        ModelLogEntry.objects.values_list("pk", flat=True)
    )


def new_entries(before):
    pages, models = before
    return list(PageLogEntry.objects.exclude(pk__in=pages)) + list(ModelLogEntry.objects.exclude(pk__in=models))


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)), ids=ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(client, users, report_a, experience_index, municipality_a, action, role_index, role):
    expected = MATRIX[action][role_index]
    case = Case(client, report_a, experience_index, users, municipality_a)
    case.prepare(action)
    if users[role] is not None:
        client.force_login(users[role])
    state_before, entries_before = page_state(report_a.pk), log_ids()

    response = case.perform(action)

    if expected == LOGIN:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        succeeded = False
    elif expected == DENIED:
        assert response.status_code in {302, 403}
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
        succeeded = False
    elif expected == HIDDEN:
        assert response.status_code == 404
        assert b"SvarUt i Malvik" not in response.content
        succeeded = False
    else:
        status, succeeded = expected
        assert response.status_code == status
    assert case.took_effect(action, response) is succeeded

    entries = [e for e in new_entries(entries_before) if e.action != "erfa.sign_in"]
    logged = [e for e in entries if e.action == AUDIT[action]]
    if succeeded and AUDIT[action]:
        assert logged, f"{role} {action}: no {AUDIT[action]} entry"
        assert all(e.user_id == users[role].pk for e in logged)
    else:
        assert not logged
    if not succeeded and (action, role) == ("publish", "contributor_a"):
        # Kept as a draft: the public report, its live revision and title are untouched.
        title, _, live, _, live_revision, *_ = page_state(report_a.pk)
        assert (title, live, live_revision) == (state_before[0], state_before[2], state_before[4])
        assert [e.action for e in entries] == ["wagtail.edit"]
    elif not succeeded:
        if action not in {"upload", "manage_users", "create"}:
            assert page_state(report_a.pk) == state_before
        assert not [e for e in entries if e.action.startswith("wagtail.")]


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
    if expected == LOGIN:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        succeeded = False
    elif expected == DENIED:
        assert response.status_code in {302, 403}
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
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
