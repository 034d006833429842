"""iCalendar (RFC 5545) for gatherings, written by the ``icalendar`` library: it escapes
commas, semicolons and line breaks, folds long lines and writes the VTIMEZONE each local
time refers to, all of which are easy to get subtly wrong by hand.

A gathering's UID is its page's translation key, which survives moves, renames and
re-publishing, so a calendar that subscribed once updates the event instead of adding a copy.
"""

from urllib.parse import urlsplit

from icalendar import Calendar, Event

from django.utils import timezone
from django.utils.html import strip_tags

from core.urls import base_url, page_url

PRODUCT_ID = "-//Erfa//Gatherings//NB"


def _domain():
    return urlsplit(base_url()).hostname or "localhost"


def uid_of(gathering):
    return f"gathering-{gathering.translation_key}@{_domain()}"


def _description(gathering):
    lines = [" ".join(strip_tags(gathering.intro or "").split())]
    for session in gathering.sessions.all():
        when = timezone.localtime(session.starts_at, gathering.tz).strftime("%H:%M")
        track = f" [{session.track}]" if session.track else ""
        lines.append(f"{when}{track} {session.title}")
    return "\n".join(line for line in lines if line)


def event_of(gathering):
    event = Event()
    event.add("uid", uid_of(gathering))
    # DTSTAMP: when this version of the event was made, stable between downloads.
    event.add("dtstamp", gathering.last_published_at or gathering.latest_revision_created_at or timezone.now())
    event.add("dtstart", timezone.localtime(gathering.starts_at, gathering.tz))
    event.add("dtend", timezone.localtime(gathering.ends_at, gathering.tz))
    event.add("summary", gathering.title)
    description = _description(gathering)
    if description:
        event.add("description", description)
    location = ", ".join(part for part in (gathering.place, gathering.online_url) if part)
    if location:
        event.add("location", location)
    url = page_url(gathering)
    if url:
        event.add("url", url)
    categories = [network.name for network in gathering.networks.all()]
    if categories:
        event.add("categories", categories)
    if gathering.last_published_at:
        event.add("last-modified", gathering.last_published_at)
    return event


def calendar_of(gatherings, name):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for gathering in gatherings:
        calendar.add_component(event_of(gathering))
    calendar.add_missing_timezones()
    return calendar.to_ical()
