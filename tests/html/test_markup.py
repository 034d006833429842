"""Markup the HTML validator and accessibility engines asked for, proved page by page."""

import datetime
import re

from django.utils import timezone

from core.templatetags.erfa_tags import datetime_attr
from wiki.factories import GuidePageFactory


def test_search_box_is_a_combobox_on_a_text_input(client, home):
    html = client.get("/").content.decode()
    inputs = re.findall(r"<input[^>]*role=\"combobox\"[^>]*>", html)
    assert inputs
    for tag in inputs:
        assert 'type="text"' in tag
        assert 'aria-expanded="false"' in tag and 'aria-autocomplete="list"' in tag and "aria-controls=" in tag


def test_datetime_attribute_has_whole_seconds_and_the_offset():
    moment = timezone.make_aware(datetime.datetime(2026, 12, 6, 14, 45, 13, 564062), datetime.UTC)
    assert datetime_attr(moment) == "2026-12-06T15:45:13+01:00"
    assert datetime_attr(datetime.date(2026, 12, 6)) == "2026-12-06"
    assert datetime_attr(None) == ""


def test_guide_history_times_carry_no_microseconds(client, wiki_index):
    guide = GuidePageFactory(parent=wiki_index)
    html = client.get(f"{guide.url}historikk/").content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert stamps
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp) for stamp in stamps)


def test_one_version_history_has_no_compare_form(client, wiki_index):
    guide = GuidePageFactory(parent=wiki_index)
    html = client.get(f"{guide.url}historikk/").content.decode()
    assert 'type="radio"' not in html
    assert "history-form" not in html
