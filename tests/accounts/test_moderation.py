"""The moderation flow end to end, through the admin views, with Django's locmem mail backend."""

from django.conf import settings
from django.core import mail
from django.urls import reverse

from wagtail.models import PageLogEntry, TaskState

from experiences.factories import ExperiencePageFactory

from .helpers import edit_form


def post_edit(client, page, data, **actions):
    payload = {**data, **actions}
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), payload)


def test_submit_request_changes_resubmit_approve(client, users, experience_index, municipality_a):
    contributor, editor = users["contributor_a"], users["editor"]
    report = ExperiencePageFactory(
        parent=experience_index, title="Digital byggesak", municipalities=[municipality_a], live=False
    )
    edit_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[report.pk])
    data = edit_form(client, report)
    mail.outbox.clear()

    # 1. The contributor submits: editors are told, with an absolute link to the report.
    client.force_login(contributor)
    assert post_edit(client, report, data, **{"action-submit": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.workflow_in_progress and not report.live
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert to_editor and edit_url in to_editor[0].body
    assert not [m for m in mail.outbox if contributor.email in m.to]

    # 2. The editor requests changes with a comment; the contributor hears of it, with the link.
    mail.outbox.clear()
    task_state = TaskState.objects.get(workflow_state__object_id=str(report.pk), status="in_progress")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[report.pk, "reject", task_state.pk])
    assert client.post(url, {"comment": "Legg til nøkkeltall for 2024."}).status_code == 302
    report.refresh_from_db()
    assert not report.live
    to_contributor = [m for m in mail.outbox if contributor.email in m.to]
    assert len(to_contributor) == 1
    assert "Legg til nøkkeltall for 2024." in to_contributor[0].body
    assert edit_url in to_contributor[0].body

    # 3. The contributor edits and resubmits; the editor approves, and the report goes live.
    client.force_login(contributor)
    data = edit_form(client, report)
    data["title"] = "Digital byggesak med tall"
    client.force_login(contributor)
    assert post_edit(client, report, data, **{"action-submit": "1"}).status_code == 302
    task_state = TaskState.objects.get(workflow_state__object_id=str(report.pk), status="in_progress")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[report.pk, "approve", task_state.pk])
    assert client.post(url, {}).status_code == 302
    report.refresh_from_db()
    assert report.live and report.title == "Digital byggesak med tall"
    assert not report.workflow_in_progress

    published = PageLogEntry.objects.get(page=report, action="wagtail.publish")
    assert published.user == editor
    assert published.data["municipalities"] == ["Malvik"]
    actions = list(PageLogEntry.objects.filter(page=report).values_list("action", flat=True))
    for action in (
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
    ):
        assert action in actions


def test_contributor_cannot_publish_directly_even_without_a_workflow_step(client, users, report_a):
    data = edit_form(client, report_a)
    data["title"] = "Forsøk på å publisere"
    client.force_login(users["contributor_a"])
    post_edit(client, report_a, data, **{"action-publish": "1"})
    report_a.refresh_from_db()
    assert report_a.title == "SvarUt i Malvik"
    assert not PageLogEntry.objects.filter(page=report_a, action="wagtail.publish", user=users["contributor_a"])


def test_network_scoped_editor_approves_only_for_member_municipalities(
    client, django_user_model, experience_index, municipality_a, municipality_b, users
):
    from experiences.factories import NetworkFactory

    from .conftest import make_user

    network = NetworkFactory(name="DiguT", members=[municipality_a])
    scoped = make_user(django_user_model, "digut_editor", "Editors", networks=[network])
    own = ExperiencePageFactory(parent=experience_index, title="I nettverket", municipalities=[municipality_a])
    other = ExperiencePageFactory(parent=experience_index, title="Utenfor", municipalities=[municipality_b])
    for page in (own, other):
        page.save_revision(user=users["contributor_a"])
        page.get_workflow().start(page, users["contributor_a"])

    client.force_login(scoped)
    for page, allowed in ((own, True), (other, False)):
        task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
        response = client.post(url, {})
        page.refresh_from_db()
        assert page.workflow_in_progress is not allowed
        if not allowed:
            assert response.status_code == 404
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert (edit.status_code == 200) is allowed


def test_submission_email_reaches_only_editors_whose_scope_covers_the_report(
    client, django_user_model, users, experience_index, municipality_a, municipality_b
):
    from accounts.roles import EDITORS
    from experiences.factories import NetworkFactory

    from .conftest import make_user

    own_network = make_user(
        django_user_model, "editor_trondelag", EDITORS, networks=[NetworkFactory(members=[municipality_a])]
    )
    other_network = make_user(
        django_user_model, "editor_sweden", EDITORS, networks=[NetworkFactory(members=[municipality_b])]
    )
    report = ExperiencePageFactory(parent=experience_index, municipalities=[municipality_a], live=False)
    data = edit_form(client, report)
    mail.outbox.clear()

    client.force_login(users["contributor_a"])
    assert post_edit(client, report, data, **{"action-submit": "1"}).status_code == 302

    recipients = {address for message in mail.outbox for address in message.to}
    assert users["editor"].email in recipients  # no network limit: reviews everything
    assert own_network.email in recipients
    assert other_network.email not in recipients
