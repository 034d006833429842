"""Review reminders for guide owners, and the editors' "Overdue guides" report."""

import datetime
import io

import pytest

from django.core import mail
from django.core.management import call_command

from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

from reviews.models import ReviewReminder
from wiki.factories import GuidePageFactory


def ago(days):
    return datetime.date.today() - datetime.timedelta(days=days)


def remind(*args):
    out = io.StringIO()
    call_command("send_review_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def guides(wiki_index):
    return {
        "kari_old": GuidePageFactory(
            parent=wiki_index,
            title="Arkivplan",
            owner_name="Kari",
            owner_email="kari@example.no",
            last_reviewed=ago(500),
        ),
        "kari_late": GuidePageFactory(
            parent=wiki_index,
            title="Postmottak",
            owner_name="Kari",
            owner_email="KARI@example.no",
            last_reviewed=ago(200),
            review_interval_months=6,
        ),
        "kari_fresh": GuidePageFactory(
            parent=wiki_index, title="Ny veileder", owner_email="kari@example.no", last_reviewed=ago(10)
        ),
        "ola": GuidePageFactory(
            parent=wiki_index, title="Byggesak", owner_name="Ola", owner_email="ola@example.se", last_reviewed=ago(400)
        ),
        "orphan": GuidePageFactory(parent=wiki_index, title="Uten eier", last_reviewed=ago(800)),
        "draft": GuidePageFactory(
            parent=wiki_index, title="Utkast", owner_email="kari@example.no", last_reviewed=ago(900), live=False
        ),
    }


def test_each_owner_gets_one_email_listing_their_overdue_guides(guides):
    output = remind()
    assert len(mail.outbox) == 2
    by_owner = {message.to[0].lower(): message for message in mail.outbox}
    kari = by_owner["kari@example.no"]
    assert "Arkivplan" in kari.body and "Postmottak" in kari.body
    assert "Ny veileder" not in kari.body and "Utkast" not in kari.body
    assert f"/admin/pages/{guides['kari_old'].pk}/edit/" in kari.body
    assert "Byggesak" in by_owner["ola@example.se"].body
    assert "Uten eier" in output  # no owner to e-mail: the command says so
    assert ReviewReminder.objects.count() == 3


def test_reminders_are_in_the_site_language_or_the_owners_own(guides, django_user_model, settings):
    settings.LANGUAGE_CODE = "nb"
    ola = django_user_model.objects.create_user("ola", email="ola@example.se")
    UserProfile.get_for_user(ola).preferred_language = "sv"
    ola.wagtail_userprofile.save()
    remind()
    by_owner = {message.to[0].lower(): message for message in mail.outbox}
    assert by_owner["kari@example.no"].extra_headers["Content-Language"] == "nb"
    assert by_owner["ola@example.se"].extra_headers["Content-Language"] == "sv"
    assert by_owner["kari@example.no"].subject.startswith("Erfa: 2")


def test_no_owner_is_reminded_twice_within_the_interval(guides, settings):
    remind()
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    remind()
    assert mail.outbox == []

    # After the interval, the same overdue guides are mentioned again.
    ReviewReminder.objects.update(sent_at=ReviewReminder.objects.first().sent_at - datetime.timedelta(days=31))
    remind()
    assert len(mail.outbox) == 2


def test_a_guide_reviewed_and_overdue_again_is_mentioned_without_waiting(guides):
    remind()
    mail.outbox.clear()
    guide = guides["ola"].get_latest_revision_as_object()
    guide.last_reviewed = ago(380)  # reviewed since, and overdue again for a new date
    guide.save_revision().publish()
    remind()
    assert [message.to for message in mail.outbox] == [["ola@example.se"]]


def test_dry_run_sends_and_records_nothing(guides):
    output = remind("--dry-run")
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()
    assert "Would remind kari@example.no" in output and "Arkivplan" in output


def test_editors_see_overdue_guides_with_owner_and_days(client, guides, django_user_model, english):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.no", "pw")
    english.force_login(admin)
    response = english.get("/admin/overdue-guides/")
    assert response.status_code == 200
    rows = [(item.guide.title, item.days_overdue) for item in response.context["overdue"]]
    assert rows[0][0] == "Uten eier"
    assert ("Arkivplan", (datetime.date.today() - guides["kari_old"].review_due).days) in rows
    assert "Ny veileder" not in dict(rows) and "Utkast" not in dict(rows)
    html = response.content.decode()
    assert "kari@example.no" in html and "No owner" in html


def test_overdue_report_is_for_editors_only(client, guides, django_user_model, home):
    from django.contrib.auth.models import Group, Permission

    contributors = Group.objects.create(name="Bidragsytere")
    contributors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=contributors, page=home, permission_type="add")
    contributor = django_user_model.objects.create_user("bidrag", password="pw")
    contributor.groups.add(contributors)
    client.force_login(contributor)
    assert client.get("/admin/overdue-guides/").status_code == 403

    editors = Group.objects.create(name="Redaktører")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=editors, page=home, permission_type="publish")
    editor = django_user_model.objects.create_user("redaktor", password="pw")
    editor.groups.add(editors)
    client.force_login(editor)
    assert client.get("/admin/overdue-guides/").status_code == 200

    client.logout()
    assert client.get("/admin/overdue-guides/").status_code == 302
