"""The admin's "Search insight" report: what it shows, and who may see it."""

from urllib.parse import urlencode

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from search.admin_views import can_view_insight
from search.insights import insight_report
from search.wagtail_hooks import SearchInsightMenuItem

from .insight_logs import add_log, search_request

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/search-insight/"


def user_with(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username, email=f"{username}@example.no", password="pw-12345-x")
    group = Group.objects.create(name=f"{username} group")
    for codename in codenames:
        app_label, codename = codename.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user.groups.add(group)
    return user


@pytest.fixture
def editor(django_user_model):
    return user_with(
        django_user_model,
        "editor",
        "wagtailadmin.access_admin",
        "erfa_search.view_searchlog",
        "erfa_search.add_equivalence",
    )


@pytest.fixture
def insight_logs(db):
    for results in (10, 20, 30):
        add_log("svarut", results=results, clicks=1 if results == 10 else 0)
    add_log("byggesøknad", results=5)
    add_log("byggesøknad", results=7, days_ago=3)
    add_log("velferdsteknologi", results=4)  # once only: not a "nobody clicked" query
    add_log("digital post", results=2, clicks=2)
    add_log("digital post", results=2, clicks=1)
    add_log("ansökan", results=0, language="sv")
    add_log("ansökan", results=0, language="sv", days_ago=1)
    add_log("ansökan", results=0, language="nb")
    add_log("søknad om skjenkebevilling", results=0, language="nb")
    add_log("permit", results=0, language="en")
    add_log("gammelt søk", results=0, days_ago=40)  # outside 30 days, inside 90
    add_log("byggesøknad", results=9, days_ago=10)  # outside 7 days


def rows_by_query(rows):
    return {row["query"]: row for row in rows}


def test_report_shows_frequent_zero_result_and_unclicked_queries(client, editor, insight_logs):
    client.force_login(editor)

    response = client.get(REPORT_URL)

    assert response.status_code == 200
    report = response.context["report"]
    assert report.days == 30
    assert report.searches == 14
    frequent = rows_by_query(report.frequent)
    assert (frequent["svarut"]["searches"], frequent["svarut"]["average_results"]) == (3, 20)
    assert (frequent["byggesøknad"]["searches"], frequent["byggesøknad"]["average_results"]) == (3, 7)
    assert frequent["ansökan"]["searches"] == 3
    assert "gammelt søk" not in frequent
    assert [row["query"] for row in report.frequent[:2]] == ["ansökan", "byggesøknad"]  # ties: alphabetical

    zero = {code: rows_by_query(rows) for code, _label, rows in report.zero_results}
    assert set(zero) == {"nb", "sv", "en"}
    assert zero["sv"]["ansökan"]["searches"] == 2
    assert zero["nb"]["ansökan"]["searches"] == 1
    assert set(zero["nb"]) == {"ansökan", "søknad om skjenkebevilling"}
    assert set(zero["en"]) == {"permit"}

    unclicked = rows_by_query(report.without_clicks)
    assert set(unclicked) == {"byggesøknad"}  # svarut and digital post were clicked, velferdsteknologi searched once
    assert unclicked["byggesøknad"]["searches"] == 3

    html = response.content.decode()
    for query in ("svarut", "byggesøknad", "ansökan", "søknad om skjenkebevilling", "permit"):
        assert query in html
    assert 'data-testid="zero-results-sv"' in html


def test_searches_per_day_are_an_accessible_table(client, editor, insight_logs):
    client.force_login(editor)
    report = client.get(REPORT_URL, {"days": "7"}).context["report"]

    assert len(report.per_day) == 7
    assert sum(day.searches for day in report.per_day) == report.searches == 13
    assert max(day.percent for day in report.per_day) == 100
    html = client.get(REPORT_URL, {"days": "7"}).content.decode()
    assert '<table class="erfa-insight__chart"' in html and "<caption" in html and 'scope="row"' in html


def test_period_is_chosen_and_validated(client, editor, insight_logs):
    client.force_login(editor)

    week = client.get(REPORT_URL, {"days": "7"}).context["report"]
    assert week.days == 7 and rows_by_query(week.frequent)["byggesøknad"]["searches"] == 2

    quarter = client.get(REPORT_URL, {"days": "90"}).context["report"]
    assert quarter.days == 90 and "gammelt søk" in rows_by_query(quarter.frequent)

    for bad in ("365", "abc", "-7", "7.5", ""):
        response = client.get(REPORT_URL, {"days": bad})
        assert response.status_code == 200
        assert response.context["report"].days == 30


def test_each_zero_result_query_links_to_a_prefilled_equivalence(client, editor, insight_logs):
    client.force_login(editor)
    report = client.get(REPORT_URL).context["report"]
    zero = {code: rows_by_query(rows) for code, _label, rows in report.zero_results}

    link = zero["nb"]["søknad om skjenkebevilling"]["add_equivalence_url"]
    add_url = reverse("wagtailsnippets_erfa_search_equivalence:add")
    expected = f"{add_url}?{urlencode({'terms': 'søknad om skjenkebevilling'})}"
    assert link == expected
    assert link.replace("&", "&amp;") in client.get(REPORT_URL).content.decode()

    form = client.get(link)
    assert form.status_code == 200
    assert "søknad om skjenkebevilling" in form.content.decode()


def test_editors_who_may_not_add_equivalences_get_no_link(client, django_user_model, insight_logs):
    viewer = user_with(django_user_model, "viewer", "wagtailadmin.access_admin", "erfa_search.view_searchlog")
    client.force_login(viewer)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert "?terms=" not in response.content.decode()


def test_anonymous_users_are_sent_to_the_login_page(client, insight_logs):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_readers_without_admin_access_are_sent_to_the_login_page(client, reader, insight_logs):
    client.force_login(reader)
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_admin_users_without_the_view_permission_get_403(client, django_user_model, insight_logs):
    moderator = user_with(django_user_model, "moderator", "wagtailadmin.access_admin")
    client.force_login(moderator)

    response = client.get(REPORT_URL)

    assert response.status_code == 403
    assert "svarut" not in response.content.decode()


def test_menu_item_is_shown_to_editors_and_superusers_only(django_user_model, editor):
    moderator = user_with(django_user_model, "moderator", "wagtailadmin.access_admin")
    admin = django_user_model.objects.create_superuser("root", email="root@example.no", password="pw-root-123")
    item = SearchInsightMenuItem("Search insight", REPORT_URL, name="search-insight")

    def shown(user):
        return item.is_shown(search_request(user=user))

    assert shown(editor) and shown(admin)
    assert not shown(moderator)
    assert can_view_insight(editor) and not can_view_insight(moderator)


def test_editors_find_the_report_under_reports(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "search-insight" in html and REPORT_URL in html


def test_report_counts_without_any_searches(db):
    report = insight_report(30)
    assert report.searches == 0 and report.frequent == [] and report.zero_results == []
    assert len(report.per_day) == 30 and all(day.searches == 0 for day in report.per_day)
