"""The editors' dashboard in the admin, the read counter and the feedback admin."""

import datetime

import pytest

from django.contrib.auth.models import Group, Permission

from dashboard.models import PageViewCount
from experiences.factories import ExperiencePageFactory, MunicipalityFactory, RegionFactory, TopicFactory
from feedback.models import Feedback, Reuse
from feedback.permissions import grant_editor_permissions
from wiki.factories import GuidePageFactory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


@pytest.fixture
def editor(django_user_model):
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    grant_editor_permissions()
    user = django_user_model.objects.create_user("edna", email="edna@erfa.example", password="pw-edna-123")
    user.groups.add(group)
    return user


@pytest.fixture
def contributions(experience_index, wiki_index):
    trondelag = RegionFactory(name="Trøndelag")
    malvik = MunicipalityFactory(name="Malvik", region=trondelag)
    levanger = MunicipalityFactory(name="Levanger", region=trondelag)
    post = TopicFactory(name="Digital post", name_en="Digital mail")
    first = ExperiencePageFactory(
        parent=experience_index, title="SvarUt i Malvik", municipalities=[malvik], topics=[post]
    )
    second = ExperiencePageFactory(parent=experience_index, title="Post i Levanger", municipalities=[levanger, malvik])
    ExperiencePageFactory(parent=experience_index, title="Utkast i Malvik", municipalities=[malvik], live=False)
    Reuse.objects.create(page=first, municipality=levanger)
    Feedback.objects.create(page=first, useful=False, comment="Mangler tall <script>", language="nb")
    Feedback.objects.create(page=first, useful=True, language="nb", handled=True)
    GuidePageFactory(
        parent=wiki_index,
        title="Gammel veileder",
        last_reviewed=datetime.date.today() - datetime.timedelta(days=800),
        owner_name="Ola Eier",
    )
    GuidePageFactory(parent=wiki_index, title="Fersk veileder")
    return {"first": first, "second": second}


def test_dashboard_renders_charts_and_lists_for_an_editor(english, editor, contributions):
    english.force_login(editor)
    response = english.get("/admin/editors-dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("municipality", "region", "topic", "month"):
        assert f'data-testid="chart-{slug}"' in html
    # Accessible charts: named by title and description, with a table of the same figures.
    assert 'role="img" aria-labelledby="chart-municipality-title chart-municipality-desc"' in html
    assert '<th scope="row">Malvik</th><td>2</td>' in html
    assert '<th scope="row">Levanger</th><td>1</td>' in html
    assert '<th scope="row">Trøndelag</th><td>2</td>' in html
    assert '<th scope="row">Digital mail</th><td>1</td>' in html
    assert "Utkast i Malvik" not in html
    assert "<script>" not in html.split('data-testid="editors-dashboard"')[1].split("</table>")[0]
    assert "1 feedback answer to read" in html and "Mangler tall &lt;script&gt;" in html
    assert "Gammel veileder" in html and "Fersk veileder" not in html
    assert "SvarUt i Malvik" in html.split('data-testid="most-reused"')[1]
    assert "cdn" not in html.lower().split("erfa-dashboard")[1]


def test_month_chart_counts_this_months_contributions(editor, contributions):
    from dashboard.reports import per_month

    months = per_month()
    assert len(months) == 12
    assert months[-1][1] == 2 and sum(count for _label, count in months) == 2


def test_a_read_the_busy_database_cannot_count_is_still_served(client, experience_index, monkeypatch):
    from django.db import OperationalError

    report = ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik")

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(PageViewCount.objects, "filter", locked)
    client.raise_request_exception = False
    response = client.get(report.url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert "SvarUt i Malvik" in response.content.decode()


def test_reads_of_experience_pages_are_counted_without_bots(client, editor, contributions):
    first = contributions["first"]
    for _ in range(3):
        client.get(first.url, HTTP_USER_AGENT=BROWSER)
    client.get(contributions["second"].url, HTTP_USER_AGENT=BROWSER)
    client.get(first.url, HTTP_USER_AGENT="Googlebot/2.1")
    client.get(first.url)
    assert PageViewCount.objects.get(page=first).count == 3

    client.force_login(editor)
    html = client.get("/admin/editors-dashboard/").content.decode()
    most_read = html.split('data-testid="most-read"')[1].split("</table>")[0]
    assert most_read.index("SvarUt i Malvik") < most_read.index("Post i Levanger")
    assert ">3</td>" in most_read


@pytest.mark.parametrize(
    ("user_agent", "headers"),
    [
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", {}),
        ("Go-http-client/2.0", {}),
        (BROWSER, {"HTTP_SEC_PURPOSE": "prefetch"}),
    ],
)
def test_reads_are_counted_by_the_same_bot_rule_as_searches(client, contributions, user_agent, headers):
    # Link previews, scripts and prefetches are not readers, for the read counter as for search insight.
    client.get(contributions["first"].url, HTTP_USER_AGENT=user_agent, **headers)
    client.get(contributions["first"].url, HTTP_USER_AGENT=BROWSER)
    assert PageViewCount.objects.get(page=contributions["first"]).count == 1


def test_dashboard_links_to_search_insight_for_superusers(client, django_user_model, contributions):
    admin = django_user_model.objects.create_superuser("admin", "admin@erfa.example", "pw-admin-123")
    client.force_login(admin)
    html = client.get("/admin/editors-dashboard/").content.decode()
    assert 'href="/admin/search-insight/"' in html
    assert 'href="/admin/reader_feedback/?handled=false"' in html


def test_dashboard_is_in_the_admin_menu_for_editors_only(client, editor, django_user_model):
    client.force_login(editor)
    assert "/admin/editors-dashboard/" in client.get("/admin/").content.decode()
    staff = django_user_model.objects.create_user("staff", password="pw-staff-123")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert "/admin/editors-dashboard/" not in client.get("/admin/").content.decode()


def test_anonymous_users_are_sent_to_the_admin_login(client, contributions):
    response = client.get("/admin/editors-dashboard/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_signed_in_readers_without_admin_access_are_refused(client, reader, contributions):
    client.force_login(reader)
    response = client.get("/admin/editors-dashboard/")
    assert response.status_code in (302, 403)
    assert b"SvarUt i Malvik" not in response.content


def test_admin_users_without_the_dashboard_permission_get_403(client, django_user_model, contributions):
    staff = django_user_model.objects.create_user("staff", password="pw-staff-123")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    response = client.get("/admin/editors-dashboard/")
    assert response.status_code == 403
    assert b"SvarUt i Malvik" not in response.content


def test_editors_list_feedback_and_mark_it_handled(client, editor, contributions):
    client.force_login(editor)
    response = client.get("/admin/reader_feedback/")
    assert response.status_code == 200
    assert "Mangler tall" in response.content.decode()
    feedback = Feedback.objects.get(handled=False)
    edit = client.get(f"/admin/reader_feedback/edit/{feedback.pk}/")
    assert edit.status_code == 200
    response = client.post(f"/admin/reader_feedback/edit/{feedback.pk}/", {"handled": "on"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.handled is True
    assert feedback.comment == "Mangler tall <script>"


def test_nobody_adds_feedback_in_the_admin(client, editor, django_user_model, contributions):
    admin = django_user_model.objects.create_superuser("admin", "admin@erfa.example", "pw-admin-123")
    for user in (editor, admin):
        client.force_login(user)
        assert client.get("/admin/reader_feedback/new/").status_code in (302, 403)


def test_editor_grant_tolerates_missing_groups(db):
    Group.objects.filter(name__in=["Editors", "Administrators"]).delete()
    grant_editor_permissions()
    group = Group.objects.create(name="Administrators")
    grant_editor_permissions()
    assert group.permissions.filter(codename="view_dashboard").exists()
