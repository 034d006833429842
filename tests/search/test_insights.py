"""Search logging, click tracking and the admin's "Search insight" report."""

import datetime
from urllib.parse import urlencode

import pytest

from django.contrib.auth.models import Group, Permission
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

from experiences.factories import ExperiencePageFactory
from search.admin_views import can_view_insight
from search.insights import click_url, insight_report, log_search, normalise_logged_query
from search.models import SearchClick, SearchLog
from search.params import parse_search_params
from search.service import Hit, SearchResponse
from search.wagtail_hooks import SearchInsightMenuItem

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
REPORT_URL = "/admin/search-insight/"


def search_request(language="nb", user_agent=BROWSER, user=None, **headers):
    request = RequestFactory().get("/search/", HTTP_USER_AGENT=user_agent, REMOTE_ADDR="203.0.113.7", **headers)
    request.LANGUAGE_CODE = language
    if user is not None:
        request.user = user
    return request


def params(query_string):
    return parse_search_params(QueryDict(query_string))


def answer(query, total, engine="database"):
    return SearchResponse(query=query, total=total, engine=engine, took_ms=3)


def hit_for(page):
    return Hit(
        title=page.title,
        url=page.url,
        type="experience",
        municipalities=[],
        language="nb",
        published=None,
        snippet="",
        score=1.0,
        page_id=page.pk,
    )


def add_log(query, results=1, language="nb", days_ago=0, clicks=0):
    log = SearchLog.objects.create(
        query=query,
        ui_language=language,
        results=results,
        engine="database",
        filters={},
        created_at=timezone.now() - datetime.timedelta(days=days_ago, minutes=1),
    )
    for position in range(1, clicks + 1):
        SearchClick.objects.create(log=log, page_id=1, position=position)
    return log


# --- logging ---------------------------------------------------------------------------


def test_logging_writes_one_row_without_personal_data(django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = django_user_model.objects.create_user("kari", email="kari@example.no", password="pw-kari-123")
    request = search_request(language="sv", user=user)
    search_params = params("q=%20%20SvarUt%20%20%20Digital%20&type=experience&year=2020")

    with CaptureQueriesContext(connection) as queries:
        log = log_search(request, search_params, answer(search_params.query, 7, engine="opensearch"))
    # One INSERT (inside a savepoint, so a failure cannot break the request's transaction).
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert statements.count("INSERT") == 1
    assert not {"SELECT", "UPDATE", "DELETE"} & set(statements)

    row = SearchLog.objects.get()
    assert row == log
    assert (row.query, row.ui_language, row.results, row.engine) == ("svarut digital", "sv", 7, "opensearch")
    assert row.filters == {"type": ["experience"], "year": [2020]}
    assert row.created_at <= timezone.now()
    # Nothing about who searched: no such columns, and nothing of it in the stored values.
    columns = {f.name for f in SearchLog._meta.get_fields()} | {f.name for f in SearchClick._meta.get_fields()}
    assert not columns & {"user", "ip", "ip_address", "session", "user_agent", "referrer", "email"}
    stored = repr(SearchLog.objects.values().get())
    for personal in ("kari", "203.0.113", "Firefox"):
        assert personal not in stored


@pytest.mark.parametrize(
    ("query_string", "user_agent", "headers"),
    [
        ("q=", BROWSER, {}),
        ("q=%20%20", BROWSER, {}),
        ("q=svarut&page=2", BROWSER, {}),
        ("q=svarut", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        ("q=svarut", "Mozilla/5.0 (compatible; bingbot/2.0)", {}),
        ("q=svarut", "python-requests/2.32", {}),
        ("q=svarut", "curl/8.5.0", {}),
        ("q=svarut", "", {}),
        ("q=svarut", BROWSER, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}),
    ],
)
def test_empty_queries_later_pages_and_bots_are_not_logged(query_string, user_agent, headers):
    search_params = params(query_string)
    assert log_search(search_request(user_agent=user_agent, **headers), search_params, answer("svarut", 3)) is None
    assert not SearchLog.objects.exists()


def test_logged_query_is_normalised_and_at_most_255_characters():
    long_query = "Søknad  " * 60  # 480 characters, runs of spaces
    log = log_search(search_request(), params(urlencode({"q": long_query})), answer(long_query, 0))
    assert len(log.query) <= 255
    assert log.query == log.query.strip() and "  " not in log.query and log.query == log.query.lower()
    assert log.query.startswith("søknad søknad")


def test_emails_and_identity_or_phone_numbers_are_not_stored():
    assert normalise_logged_query("Kontakt ola.nordmann@example.no om SvarUt") == "kontakt [email] om svarut"
    assert normalise_logged_query("fødselsnummer 01019012345") == "fødselsnummer [number]"
    assert normalise_logged_query("personnummer 19900101-1234") == "personnummer [number]"
    assert normalise_logged_query("ring 912 34 567") == "ring [number]"
    # Years and municipality numbers are not personal and stay.
    assert normalise_logged_query("Byggesak 2019 2020 kommune 5001") == "byggesak 2019 2020 kommune 5001"


def test_unknown_ui_language_is_logged_as_the_default():
    log = log_search(search_request(language="de"), params("q=svarut"), answer("svarut", 1))
    assert log.ui_language == "nb"


# --- clicks ----------------------------------------------------------------------------


@pytest.fixture
def page(experience_index):
    return ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik")


def test_click_url_points_through_the_click_view(page):
    log = add_log("svarut")
    assert click_url(log, hit_for(page), 3) == f"/search/go/{log.pk}/{page.pk}/3/"
    # Not logged (a bot, a later page): the result's own URL.
    assert click_url(None, hit_for(page), 3) == page.url


def test_click_is_recorded_and_redirects_to_the_page(client, page):
    log = add_log("svarut")

    response = client.get(click_url(log, hit_for(page), 3), HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 302
    assert response["Location"] == page.url
    click = SearchClick.objects.get()
    assert (click.log_id, click.page_id, click.position) == (log.pk, page.pk, 3)


def test_click_only_ever_redirects_to_the_pages_own_url(client, page):
    log = add_log("svarut")
    response = client.get(
        f"/search/go/{log.pk}/{page.pk}/1/?next=https://evil.example/&url=//evil.example",
        HTTP_USER_AGENT=BROWSER,
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    assert response["Location"] == page.url


def test_bot_clicks_redirect_but_are_not_counted(client, page):
    log = add_log("svarut")
    response = client.get(f"/search/go/{log.pk}/{page.pk}/1/", HTTP_USER_AGENT="Googlebot/2.1")
    assert response.status_code == 302
    assert not SearchClick.objects.exists()


def test_repeated_clicks_from_one_address_count_once_per_search_and_page(client, page, experience_index):
    log = add_log("svarut")
    other = ExperiencePageFactory(parent=experience_index, title="SvarUt i Sundsvall")
    for _ in range(5):
        assert client.get(f"/search/go/{log.pk}/{page.pk}/1/", HTTP_USER_AGENT=BROWSER).status_code == 302
    client.get(f"/search/go/{log.pk}/{other.pk}/2/", HTTP_USER_AGENT=BROWSER)
    client.get(f"/search/go/{log.pk}/{page.pk}/1/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.7")
    assert sorted(SearchClick.objects.values_list("page_id", flat=True)) == sorted([page.pk, page.pk, other.pk])


def test_a_click_the_busy_database_cannot_store_is_dropped_and_the_reader_still_goes_on(client, page, monkeypatch):
    from django.db import OperationalError

    log = add_log("svarut")

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SearchClick.objects, "create", locked)
    response = client.get(f"/search/go/{log.pk}/{page.pk}/1/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert response["Location"] == page.url


def test_bogus_click_ids_answer_404(client, page):
    log = add_log("svarut")
    bogus = [
        f"/search/go/{log.pk + 1000}/{page.pk}/1/",  # unknown search
        f"/search/go/{log.pk}/{page.pk + 1000}/1/",  # unknown page
        f"/search/go/{log.pk}/{page.pk}/0/",  # positions count from 1
        f"/search/go/{log.pk}/{page.pk}/10001/",  # beyond the result window
        f"/search/go/99999999999999999999999/{page.pk}/1/",  # beyond any database integer
        f"/search/go/{log.pk}/99999999999999999999999/1/",
        f"/search/go/{log.pk}/{page.pk}/99999999999999999999999/",
        f"/search/go/abc/{page.pk}/1/",
        f"/search/go/{log.pk}/-1/1/",
        f"/search/go/0/{page.pk}/1/",
    ]
    for url in bogus:
        assert client.get(url, HTTP_USER_AGENT=BROWSER).status_code == 404, url
    assert not SearchClick.objects.exists()


def test_clicks_on_drafts_and_private_pages_answer_404(client, experience_index):
    log = add_log("svarut")
    draft = ExperiencePageFactory(parent=experience_index, live=False)
    private = ExperiencePageFactory(parent=experience_index)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    unpublished = ExperiencePageFactory(parent=experience_index)
    unpublished.unpublish()

    for target in (draft, private, unpublished):
        response = client.get(f"/search/go/{log.pk}/{target.pk}/1/", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 404
    assert not SearchClick.objects.exists()


def test_click_view_answers_only_get(client, page):
    log = add_log("svarut")
    assert client.post(f"/search/go/{log.pk}/{page.pk}/1/").status_code == 405
    assert not SearchClick.objects.exists()


def test_search_page_logs_the_search_and_links_results_through_the_click_view(client, settings, page):
    """Needs the wiring in search/views.py and templates/search/search.html (see the report)."""
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "URLS": []}
    response = client.get("/search/?q=SvarUt", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 200
    log = SearchLog.objects.get()
    assert (log.query, log.results, log.engine) == ("svarut", 1, "database")
    assert f'href="/search/go/{log.pk}/{page.pk}/1/"' in response.content.decode()


# --- the report ------------------------------------------------------------------------


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
