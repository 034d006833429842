"""Every public page type, in nb and sv, is valid HTML by the Nu Html Checker (zero errors).

The pages are rendered with the test client into one folder and checked in one validator run
(tests/html/vnu.py). Warnings are allowed and printed. Under CI=true a validator that cannot run
fails the test; elsewhere it skips with the reason.
"""

import os
from pathlib import Path

import pytest

from experiences.factories import (
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    NetworkFactory,
    TopicFactory,
)
from gatherings.factories import GatheringIndexPageFactory, GatheringPageFactory, in_days
from home.factories import StandardPageFactory
from news.factories import NewsIndexPageFactory, NewsItemPageFactory
from wiki.factories import GuidePageFactory, ThemePageFactory

from . import vnu

LANGUAGES = ("nb", "sv")


@pytest.fixture
def public_pages(home, experience_index, wiki_index, theme_index):
    """Each public page type once, with enough content that its optional parts render."""
    topic = TopicFactory(name="Velferdsteknologi", name_sv="Välfärdsteknik", name_en="Welfare technology")
    solution = NationalSolutionFactory(name="SvarUt")
    malvik, steinkjer = MunicipalityFactory(name="Malvik"), MunicipalityFactory(name="Steinkjer")
    network = NetworkFactory(name="Trøndelag digitalt", members=[malvik, steinkjer])
    reports = [
        ExperiencePageFactory(
            parent=experience_index,
            title=f"SvarUt i {municipality.name}",
            municipalities=[municipality],
            network=network,
            topics=[topic],
            national_solutions=[solution],
            tags=["digital post"],
            what_worked="<p>Opplæringen fungerte.</p>",
            effort="medium",
        )
        for municipality in (malvik, steinkjer)
    ]
    guide = GuidePageFactory(parent=wiki_index, title="Kom i gang med SvarUt", topics=[topic])
    first = guide.live_revision_id
    latest = guide.get_latest_revision_as_object()
    latest.summary = "En ny og bedre oppsummering."
    second = latest.save_revision()
    second.publish()
    single = GuidePageFactory(parent=wiki_index, title="Én versjon")
    theme = ThemePageFactory(parent=theme_index, title="Digital post", topics=[topic])
    about = StandardPageFactory(parent=home, title="Om Erfa", slug="om-erfa")
    calendar = GatheringIndexPageFactory(parent=home)
    gathering = GatheringPageFactory(
        parent=calendar,
        title="Høstsamling i Trøndelag digitalt",
        starts_at=in_days(10, 9),
        ends_at=in_days(11, 15),
        online_url="https://example.org/strom",
        capacity=40,
        networks=[network],
        municipalities=[malvik],
        topics=[topic],
        sessions=[
            {
                "starts_at": in_days(10, 10),
                "ends_at": in_days(10, 11),
                "title": "SvarUt i Malvik",
                "track": "SvarUt",
                "speakers": "Kari Nordmann",
                "municipality": malvik,
                "report": reports[0],
                "description": "Hva vi lærte.",
            },
            {"starts_at": in_days(11, 9), "title": "Plan og geodata", "track": "Plan"},
        ],
    )
    GatheringPageFactory(
        parent=calendar, title="Vårsamling", starts_at=in_days(-100, 9), ends_at=in_days(-100, 15), networks=[network]
    )
    news_index = NewsIndexPageFactory(parent=home, network=network)
    news_item = NewsItemPageFactory(
        parent=news_index,
        title="Nyhetsbrev 1. halvår",
        network=network,
        tags=["nyhetsbrev"],
        body=[
            {"type": "heading", "value": {"text": "eForum", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Over 40 deltakere.</p><ul><li>SvarUt</li></ul>"},
        ],
    )
    news_item.municipalities.set([malvik])
    news_item.save()
    index = experience_index.url
    return {
        "gathering-index": calendar.url,
        "gathering-index-filtered": f"{calendar.url}?when=all&network={network.slug}&topic={topic.slug}",
        "gathering": gathering.url,
        "home": "/",
        "experience-index": index,
        "experience-index-filtered": f"{index}?topic={topic.slug}&tag=digital-post&status=completed",
        "experience": reports[0].url,
        "municipality": f"{index}kommune/{malvik.slug}/",
        "network": f"{index}nettverk/{network.slug}/",
        "municipality-list": f"{index}kommuner/",
        "comparison": f"{index}sammenlign/?ids={reports[0].pk}&ids={reports[1].pk}",
        "wiki-index": wiki_index.url,
        "guide": guide.url,
        "guide-history": f"{guide.url}historikk/",
        "guide-history-one-version": f"{single.url}historikk/",
        "guide-diff": f"{guide.url}historikk/{first}/{second.pk}/",
        "theme-index": theme_index.url,
        "theme": theme.url,
        "standard-page": about.url,
        "news-index": news_index.url,
        "news-item": news_item.url,
        "search": "/search/?q=svarut",
        "not-found": "/finnes-ikke/",
        "sign-in": "/accounts/login/",
        "accessibility": "/tilgjengelighet/",
    }


def render_all(client, pages, folder):
    for language in LANGUAGES:
        client.cookies["erfa_language"] = language
        for name, url in pages.items():
            response = client.get(url)
            expected = 404 if name == "not-found" else 200
            assert response.status_code == expected, f"{name} ({language}) {url}: {response.status_code}"
            if name == "search":
                # The page type is "search with results and facets": make sure it has both.
                assert b'id="facets-heading"' in response.content and b"SvarUt i Malvik" in response.content
            (folder / f"{name}.{language}.html").write_bytes(response.content)


def run_validator(folder):
    try:
        return vnu.check_folder(folder)
    except vnu.ValidatorUnavailable as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"The HTML validator must run in CI: {error}")
        pytest.skip(f"HTML validator unavailable: {error}")


def describe(message):
    return f"{Path(message.get('url', '')).name}:{message.get('lastLine')}: {message['message']}"


def test_every_public_page_type_is_valid_html_in_nb_and_sv(client, public_pages, tmp_path):
    render_all(client, public_pages, tmp_path)
    messages = run_validator(tmp_path)
    checked = {Path(message.get("url", "")).name for message in messages}
    assert checked <= {path.name for path in tmp_path.iterdir()}
    for message in messages:
        if message["type"] != "error":
            print("warning:", describe(message))
    errors = [describe(message) for message in messages if message["type"] == "error"]
    assert errors == [], "\n".join(errors)


def test_the_validator_reports_invalid_markup(tmp_path):
    """The check above can fail: vnu finds the errors the issue named on a deliberately bad page."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="nb"><head><title>x</title></head><body>'
        '<input type="search" role="combobox"><time datetime="2026-12-06T10:00:00.123456+00:00">x</time>'
        "</body></html>"
    )
    errors = [m["message"] for m in run_validator(tmp_path) if m["type"] == "error"]
    assert any("fraction of a second" in error for error in errors)
    assert any("“search”" in error for error in errors)
