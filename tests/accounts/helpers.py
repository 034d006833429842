"""Form data for admin requests, taken from the real admin form so it stays in step with the panels."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.test.utils.form_data import querydict_from_html

from accounts.roles import ADMINISTRATORS


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
