"""Gathering pages and where gatherings are listed: the calendar, the network page, the home
page and the reports presented."""

import datetime
import zoneinfo

import pytest

from wagtail.models import PageViewRestriction

from experiences.factories import MunicipalityFactory, RegionFactory, TopicFactory
from gatherings.factories import GatheringPageFactory, in_days
from gatherings.registration import register


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_gathering_page_shows_its_programme_in_the_readers_date_format(autumn, client):
    html = _html(client, autumn.url)
    assert "Digital post med SvarUt, erfaringer fra Malvik" in html
    assert "SvarUt" in html
    start = autumn.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Oslo"))
    client.cookies["erfa_language"] = "en"
    # English as config/formats/en writes it: "6 December 2026 09:00".
    assert f"{start.day} {start.strftime('%B %Y')} 09:00" in _html(client, autumn.url)


def test_speakers_names_are_shown_to_signed_in_readers_only(autumn, client, reader):
    assert "Kari Nordmann" not in _html(client, autumn.url)
    client.force_login(reader)
    assert "Kari Nordmann" in _html(client, autumn.url)


def test_times_show_in_the_gatherings_own_time_zone(calendar_page, client):
    start = datetime.datetime(2027, 5, 4, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki"))
    gathering = GatheringPageFactory(
        parent=calendar_page, starts_at=start, ends_at=start + datetime.timedelta(hours=5), time_zone="Europe/Helsinki"
    )
    html = _html(client, gathering.url)
    assert 'datetime="2027-05-04T09:30:00+03:00"' in html


def test_participating_municipalities_count_organisers_speakers_and_confirmed_registrations(autumn, django_user_model):
    from accounts.membership import assign

    steinkjer = MunicipalityFactory(name="Steinkjer")
    autumn.capacity = 1
    autumn.save_revision().publish()
    for name, municipality in (("ola", steinkjer), ("per", MunicipalityFactory(name="Verdal"))):
        user = django_user_model.objects.create_user(name, email=f"{name}@example.org")
        assign(user, [municipality])
        register(autumn, user)
    assert [m.name for m in autumn.participating_municipalities()] == ["Malvik", "Steinkjer"]


def test_the_report_lists_the_gatherings_it_was_presented_at(autumn, client):
    report = autumn.sessions.get().report
    html = _html(client, report.url)
    assert "Presented at" in html or "Presentert på" in html
    assert autumn.title in html


def test_a_report_never_names_an_internal_gathering_to_anonymous_readers(autumn, client, reader):
    PageViewRestriction.objects.create(page=autumn, restriction_type=PageViewRestriction.LOGIN)
    report = autumn.sessions.get().report
    assert autumn.title not in _html(client, report.url)
    client.force_login(reader)
    assert autumn.title in _html(client, report.url)


def test_the_gathering_lists_the_reports_presented_that_the_reader_may_see(autumn, client):
    report = autumn.sessions.get().report
    assert report.url in _html(client, autumn.url)
    PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.LOGIN)
    assert report.title not in _html(client, autumn.url).split('id="presented-heading"')[-1]


def test_the_network_page_lists_its_upcoming_and_past_gatherings(autumn, calendar_page, trondelag, client):
    past = GatheringPageFactory(
        parent=calendar_page, title="Vårsamling 2025", starts_at=in_days(-200), ends_at=in_days(-200, 15)
    )
    past.networks = [trondelag]
    past.save_revision().publish()
    upcoming_elsewhere = GatheringPageFactory(parent=calendar_page, title="Innkjøpskonferanse i Narvik")
    past_elsewhere = GatheringPageFactory(
        parent=calendar_page, title="Strategimøte i fjor", starts_at=in_days(-300), ends_at=in_days(-300, 15)
    )
    html = _html(client, f"/erfaringer/nettverk/{trondelag.slug}/")
    assert autumn.title in html and "Vårsamling 2025" in html
    assert upcoming_elsewhere.title not in html and past_elsewhere.title not in html


def test_the_home_page_shows_upcoming_gatherings_only(autumn, calendar_page, client):
    GatheringPageFactory(parent=calendar_page, title="Vårsamling 2025", starts_at=in_days(-200), ends_at=in_days(-200))
    html = _html(client, "/")
    assert autumn.title in html and "Vårsamling 2025" not in html


@pytest.fixture
def listed(calendar_page, trondelag, autumn):
    nordland = RegionFactory(name="Nordland")
    narvik = MunicipalityFactory(name="Narvik", region=nordland)
    topic = TopicFactory(name="Innkjøp")
    procurement = GatheringPageFactory(
        parent=calendar_page,
        title="Innkjøpskonferanse i Narvik",
        starts_at=in_days(60),
        ends_at=in_days(61, 15),
        municipalities=[narvik],
        topics=[topic],
    )
    last_year = GatheringPageFactory(
        parent=calendar_page, title="Fjorårets samling", starts_at=in_days(-400), ends_at=in_days(-400, 15)
    )
    return {"procurement": procurement, "last_year": last_year, "region": nordland, "topic": topic}


def _titles(client, url):
    html = _html(client, url)
    section = html.split('id="results"')[1]
    return [
        title
        for title in ("Høstsamling eForum Trøndelag", "Innkjøpskonferanse i Narvik", "Fjorårets samling")
        if title in section
    ]


def test_the_calendar_lists_upcoming_gatherings_soonest_first(listed, calendar_page, client):
    assert _titles(client, calendar_page.url) == ["Høstsamling eForum Trøndelag", "Innkjøpskonferanse i Narvik"]
    html = _html(client, calendar_page.url)
    assert html.index("Høstsamling eForum Trøndelag") < html.index("Innkjøpskonferanse i Narvik")


def test_the_calendar_filters_by_network_region_topic_and_year(listed, calendar_page, trondelag, client):
    url = calendar_page.url
    assert _titles(client, f"{url}?network={trondelag.slug}") == ["Høstsamling eForum Trøndelag"]
    assert _titles(client, f"{url}?region={listed['region'].slug}") == ["Innkjøpskonferanse i Narvik"]
    assert _titles(client, f"{url}?topic={listed['topic'].slug}") == ["Innkjøpskonferanse i Narvik"]
    year = listed["last_year"].starts_at.year
    assert _titles(client, f"{url}?when=past&year={year}") == ["Fjorårets samling"]


@pytest.mark.parametrize(
    "query", ["year=abc", "year=1800", "when=tomorrow", "page=0", "page=²", "network=" + "x" * 200]
)
def test_bad_calendar_parameters_answer_400_with_a_message(calendar_page, client, query):
    response = client.get(f"{calendar_page.url}?{query}")
    assert response.status_code == 400
    assert b'class="ds-alert"' in response.content


def test_the_calendar_hides_internal_gatherings_from_anonymous_readers(listed, calendar_page, client, reader):
    PageViewRestriction.objects.create(page=listed["procurement"], restriction_type=PageViewRestriction.LOGIN)
    assert "Innkjøpskonferanse i Narvik" not in _titles(client, calendar_page.url)
    client.force_login(reader)
    assert "Innkjøpskonferanse i Narvik" in _titles(client, calendar_page.url)
