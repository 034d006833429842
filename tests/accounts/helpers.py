"""Form data for admin requests (taken from the real admin form so it stays in step with the panels),
and what the permission matrices share: the roles, the refusals, and the page and log state they compare."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from accounts.roles import ADMINISTRATORS
from experiences.models import ExperiencePage

ROLES = ["anonymous", "reader", "contributor_a", "contributor_b", "editor", "administrator"]
LOGIN = "login"  # a redirect to the admin's sign-in page
DENIED = "denied"  # Wagtail's permission-denied redirect to the admin dashboard


def admin_form(client, url, form_id="page-edit-form"):
    """The form as rendered to a user who may see it (an administrator), as a dict of value lists.

    Not a QueryDict: the test client would send only the last value of each multi-valued field.
    """
    helper = get_user_model().objects.filter(groups__name=ADMINISTRATORS).first()
    client.force_login(helper)
    response = client.get(url)
    assert response.status_code == 200, url
    data = querydict_from_html(response.content.decode(), form_id=form_id)
    client.logout()
    for key in [k for k in data if "__prefix__" in k]:
        del data[key]
    # StreamFields are rendered by JavaScript; an empty one posts only its count.
    data.setdefault("key_figures-count", "0")
    return dict(data.lists())


def edit_form(client, page):
    return admin_form(client, reverse("wagtailadmin_pages:edit", args=[page.pk]))


def create_form(client, index, title, municipalities):
    data = admin_form(client, reverse("wagtailadmin_pages:add", args=["experiences", "experiencepage", index.pk]))
    data["title"] = title
    data["slug"] = "ny-rapport"
    data["summary"] = "Vi prøvde noe nytt og lærte mye."
    data["municipalities"] = [str(m.pk) for m in municipalities]
    return data


def refused(response, expected):
    """Assert the LOGIN or DENIED refusal ``expected`` names; False when it names neither."""
    if expected == LOGIN:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        return True
    if expected == DENIED:
        assert response.status_code in {302, 403}
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
        return True
    return False


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
