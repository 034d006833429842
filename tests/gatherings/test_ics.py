"""The gatherings' iCalendar files, read back with vobject (a parser that did not write them)."""

import datetime
import zoneinfo

import pytest
import vobject

from wagtail.models import PageViewRestriction

from gatherings.factories import GatheringPageFactory, in_days


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return vobject.readOne(response.content.decode("utf-8"))


def test_a_gathering_exports_as_a_valid_event_in_its_own_time_zone(autumn, client):
    response = client.get(autumn.url + "kalender/")
    assert "\r\nDTSTART;TZID=Europe/Oslo:" in response.content.decode()
    calendar = _parse(response)
    event = calendar.vevent
    assert event.summary.value == "Høstsamling eForum Trøndelag"
    assert event.location.value == "Scandic Lerkendal, Trondheim"
    start = event.dtstart.value
    assert start.utcoffset() is not None
    assert start == autumn.starts_at
    assert start.astimezone(zoneinfo.ZoneInfo("Europe/Oslo")).hour == 9
    assert calendar.vtimezone.tzid.value == "Europe/Oslo"
    assert event.dtstamp.value.tzinfo is not None
    assert "Digital post med SvarUt" in event.description.value


def test_the_uid_stays_the_same_when_the_gathering_is_renamed_and_moved(autumn, client):
    before = _parse(client.get(autumn.url + "kalender/")).vevent.uid.value
    autumn.title, autumn.slug = "Høstsamling 2026", "hostsamling-2026"
    autumn.save_revision().publish()
    autumn.refresh_from_db()
    assert _parse(client.get(autumn.url + "kalender/")).vevent.uid.value == before


def test_commas_semicolons_and_long_lines_survive_the_round_trip(calendar_page, client):
    place = "Rådhuset, Narvik; sal 2" + " og en svært lang beskrivelse av veien dit" * 4
    gathering = GatheringPageFactory(parent=calendar_page, title="Innkjøp; felles, digitalt", place=place)
    response = client.get(gathering.url + "kalender/")
    raw = response.content.decode("utf-8")
    assert "Innkjøp\\; felles\\, digitalt" in raw
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))
    event = _parse(response).vevent
    assert event.summary.value == "Innkjøp; felles, digitalt"
    assert event.location.value == place


def test_the_overall_feed_lists_only_what_an_anonymous_reader_may_see(autumn, calendar_page, reader, client):
    internal = GatheringPageFactory(parent=calendar_page, title="Strategimøte DiguT (internt)")
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    draft = GatheringPageFactory(parent=calendar_page, title="Utkast", live=False)
    client.force_login(reader)
    calendar = _parse(client.get(calendar_page.url + "kalender/"))
    titles = {event.summary.value for event in calendar.vevent_list}
    assert titles == {autumn.title}
    assert draft.title not in titles


def test_a_network_feed_lists_that_networks_gatherings_only(autumn, calendar_page, trondelag, client):
    GatheringPageFactory(parent=calendar_page, title="Innkjøpskonferanse i Narvik")
    calendar = _parse(client.get(calendar_page.url + f"nettverk/{trondelag.slug}/kalender/"))
    assert [event.summary.value for event in calendar.vevent_list] == [autumn.title]


def test_a_network_feed_for_an_unknown_network_is_404(calendar_page, client):
    assert client.get(calendar_page.url + "nettverk/finnes-ikke/kalender/").status_code == 404


def test_an_internal_gatherings_ics_is_not_served_to_anonymous_readers(autumn, client):
    PageViewRestriction.objects.create(page=autumn, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(autumn.url + "kalender/")
    assert response.status_code == 302
    assert b"BEGIN:VCALENDAR" not in response.content


@pytest.mark.parametrize("zone", ["Europe/Stockholm", "Europe/Helsinki"])
def test_times_are_exported_in_the_gatherings_zone(calendar_page, client, zone):
    start = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo(zone))
    gathering = GatheringPageFactory(
        parent=calendar_page, starts_at=start, ends_at=start + datetime.timedelta(hours=6), time_zone=zone
    )
    response = client.get(gathering.url + "kalender/")
    assert f"\r\nDTSTART;TZID={zone}:" in response.content.decode()
    event = _parse(response).vevent
    assert event.dtstart.value.hour == 9 and event.dtstart.value == start


def test_a_gathering_in_the_past_is_still_in_the_feed(calendar_page, client):
    past = GatheringPageFactory(parent=calendar_page, starts_at=in_days(-10, 9), ends_at=in_days(-10, 15))
    calendar = _parse(client.get(calendar_page.url + "kalender/"))
    assert [event.summary.value for event in calendar.vevent_list] == [past.title]
