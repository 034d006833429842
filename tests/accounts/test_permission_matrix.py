"""Role × action matrix on an experience report owned by municipality A.

Each row states the HTTP status and whether the action took effect. Where it was refused the
report is exactly as before; an audit entry appears exactly when the action succeeded.
"""

import pytest

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Collection, TaskState

from experiences.models import ExperiencePage

from .helpers import DENIED, LOGIN, ROLES, create_form, edit_form, log_ids, new_entries, page_state, refused

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

    if refused(response, expected):
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
