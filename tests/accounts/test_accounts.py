"""Administrators create accounts by invitation; invitees choose a password through the emailed link."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import ModelLogEntry

from accounts.models import Membership
from accounts.roles import CONTRIBUTORS


def test_invitation_creates_a_contributor_who_sets_a_password(client, users, municipality_a):
    client.force_login(users["administrator"])
    response = client.post(
        reverse("erfa_invite_user"),
        {
            "email": "Ola.Nordmann@Malvik.example.no",
            "first_name": "Ola",
            "last_name": "Nordmann",
            "role": Group.objects.get(name=CONTRIBUTORS).pk,
            "municipalities": [municipality_a.pk],
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ola.nordmann@malvik.example.no")
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [CONTRIBUTORS]
    assert list(Membership.objects.get(user=user).municipalities.all()) == [municipality_a]
    assert ModelLogEntry.objects.get(action="erfa.membership", object_id=str(user.pk)).user == users["administrator"]

    (message,) = mail.outbox
    assert message.to == ["ola.nordmann@malvik.example.no"]
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(settings.WAGTAILADMIN_BASE_URL)

    client.logout()
    set_password = client.get(link.removeprefix(settings.WAGTAILADMIN_BASE_URL), follow=True)
    assert set_password.status_code == 200
    form_url = set_password.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "Fjord-Lys-2026!", "new_password2": "Fjord-Lys-2026!"})
    assert done.status_code == 302
    assert client.login(username=user.username, password="Fjord-Lys-2026!")


def test_invitation_refuses_a_contributor_without_municipality_and_a_known_email(client, users):
    client.force_login(users["administrator"])
    response = client.post(
        reverse("erfa_invite_user"),
        {
            "email": users["editor"].email,
            "first_name": "X",
            "last_name": "Y",
            "role": Group.objects.get(name=CONTRIBUTORS).pk,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "email" in errors and "municipalities" in errors
    assert not mail.outbox


def test_password_reset_sends_a_link(client, users):
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": users["contributor_a"].email})
    assert response.status_code == 302
    (message,) = mail.outbox
    # An absolute link to the confirmation step, on the configured base URL, for this user.
    link = re.search(r"https?://\S+/admin/password_reset/confirm/(\S+)/(\S+)/", message.body)
    assert link is not None, message.body
    assert link.group(0).startswith(settings.WAGTAILADMIN_BASE_URL + "/admin/password_reset/confirm/")
    assert message.to == [users["contributor_a"].email]


def test_membership_admin_assigns_through_the_logged_path(client, users, municipality_b):
    membership = Membership.objects.get(user=users["contributor_a"])
    client.force_login(users["administrator"])
    url = reverse("memberships:edit", args=[membership.pk])
    response = client.post(url, {"user": users["contributor_a"].pk, "municipalities": [municipality_b.pk]})
    assert response.status_code == 302
    assert list(membership.municipalities.all()) == [municipality_b]
    entry = (
        ModelLogEntry.objects.filter(action="erfa.membership", object_id=str(users["contributor_a"].pk))
        .order_by("pk")
        .last()
    )
    assert entry.data["municipalities"] == ["Timrå"] and entry.user == users["administrator"]
    client.force_login(users["editor"])
    assert client.post(url, {"user": users["editor"].pk})["Location"] == reverse("wagtailadmin_home")
