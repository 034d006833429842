"""Server-side limits beyond the matrix: other admin views, the form, choosers and roles' grants."""

import pytest

from django.urls import reverse

from wagtail.models import Page, Workflow, WorkflowPage

from accounts.roles import WORKFLOW_NAME
from experiences.factories import ExperiencePageFactory
from experiences.models import ExperiencePage

from .helpers import create_form, edit_form

FOREIGN_VIEWS = [
    ("wagtailadmin_pages:history", lambda p: [p.pk]),
    ("wagtailadmin_pages:usage", lambda p: [p.pk]),
    ("wagtailadmin_pages:copy", lambda p: [p.pk]),
    ("wagtailadmin_pages:move", lambda p: [p.pk]),
    ("wagtailadmin_pages:lock", lambda p: [p.pk]),
    ("wagtailadmin_pages:revisions_view", lambda p: [p.pk, p.latest_revision_id]),
    ("wagtailadmin_pages:revisions_revert", lambda p: [p.pk, p.latest_revision_id]),
]


@pytest.mark.parametrize("name,args", FOREIGN_VIEWS, ids=[n.split(":")[1] for n, _ in FOREIGN_VIEWS])
def test_contributor_of_b_is_refused_other_page_views(client, users, report_a, name, args):
    client.force_login(users["contributor_b"])
    url = reverse(name, args=args(report_a))
    # Outside the contributor's municipalities the page does not exist for them.
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    report_a.refresh_from_db()
    assert report_a.live and not report_a.locked


def test_contributor_cannot_move_own_report_to_another_municipality(client, users, report_a, municipality_b):
    data = edit_form(client, report_a)
    data["municipalities"] = [str(municipality_b.pk)]
    client.force_login(users["contributor_a"])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[report_a.pk]), data)
    assert response.status_code == 200
    assert (
        "You can only add or remove municipalities you belong to."
        in response.context["form"].errors["municipalities"][0]
        or response.context["form"].errors["municipalities"]
    )
    assert list(ExperiencePage.objects.get(pk=report_a.pk).municipalities.all()) == list(report_a.municipalities.all())


def test_contributor_of_b_cannot_create_a_report_for_a(client, users, experience_index, municipality_a):
    data = create_form(client, experience_index, "Ny rapport", [municipality_a])
    client.force_login(users["contributor_b"])
    url = reverse("wagtailadmin_pages:add", args=["experiences", "experiencepage", experience_index.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["municipalities"]
    assert not ExperiencePage.objects.filter(title="Ny rapport").exists()


def test_co_authored_report_keeps_the_partner_municipality(
    client, users, experience_index, municipality_a, municipality_b
):
    shared = ExperiencePageFactory(parent=experience_index, municipalities=[municipality_a, municipality_b])
    data = edit_form(client, shared)
    data["title"] = "Felles rapport"
    client.force_login(users["contributor_a"])
    response = client.post(reverse("wagtailadmin_pages:edit", args=[shared.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    data["municipalities"] = [str(municipality_a.pk)]
    response = client.post(reverse("wagtailadmin_pages:edit", args=[shared.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors["municipalities"]


def test_explorer_lists_only_reports_in_scope_and_chooser_adds_others_public_ones(
    client, users, experience_index, municipality_a, municipality_b
):
    draft_b = ExperiencePageFactory(
        parent=experience_index, title="Hemmelig utkast", municipalities=[municipality_b], live=False
    )
    live_b = ExperiencePageFactory(parent=experience_index, title="Offentlig rapport", municipalities=[municipality_b])
    edited_b = ExperiencePageFactory(parent=experience_index, title="Publisert tittel", municipalities=[municipality_b])
    edited_b.title = "Ny hemmelig tittel"
    edited_b.save_revision()
    client.force_login(users["contributor_a"])
    explorer = client.get(reverse("wagtailadmin_explore", args=[experience_index.pk])).content.decode()
    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=[experience_index.pk])).content.decode()
    # The explorer is the contributor's workspace: every listing there follows the scope.
    assert live_b.title not in explorer
    # The chooser links to others' public reports, showing nothing that is not public.
    assert live_b.title in chooser
    for html in (explorer, chooser):
        assert draft_b.title not in html
        assert "Ny hemmelig tittel" not in html
    client.force_login(users["contributor_b"])
    assert draft_b.title in client.get(reverse("wagtailadmin_explore", args=[experience_index.pk])).content.decode()


def test_new_indexes_get_the_moderation_workflow(experience_index, wiki_index):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assigned = set(WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True))
    assert {experience_index.pk, wiki_index.pk} <= assigned
    assert not WorkflowPage.objects.filter(page=Page.get_first_root_node()).exists()


def test_editor_curates_reference_data_and_search_terms_but_not_users(client, users):
    client.force_login(users["editor"])
    for name in (
        "wagtailsnippets_experiences_topic:add",
        "wagtailsnippets_erfa_search_equivalence:add",
        "wagtailsearchpromotions:add",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("wagtailusers_users:index"))["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailusers_groups:index"))["Location"] == reverse("wagtailadmin_home")
    client.force_login(users["administrator"])
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    assert client.get(reverse("wagtailusers_groups:index")).status_code == 200
