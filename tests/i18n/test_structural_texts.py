"""Structural pages and taxonomy names follow the reader's UI language; reports keep theirs."""

import datetime

import pytest

from django.conf import settings
from django.utils import translation

from experiences.factories import (
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    NetworkFactory,
    RegionFactory,
    TopicFactory,
)
from home.factories import StandardPageFactory
from wiki.factories import GuidePageFactory, ThemePageFactory


def page_html(client, url, language):
    client.cookies["erfa_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    # The request leaves its language active in this thread; page URLs built next must not
    # carry its prefix.
    translation.activate(settings.LANGUAGE_CODE)
    return response.content.decode()


@pytest.fixture
def index(experience_index):
    experience_index.title = "Erfaringer"
    experience_index.title_sv = "Erfarenheter"
    experience_index.title_en = "Experiences"
    experience_index.intro = "<p>Rapporter fra kommunene.</p>"
    experience_index.intro_sv = "<p>Rapporter från kommunerna.</p>"
    experience_index.save_revision().publish()
    return experience_index


@pytest.mark.parametrize(
    ("language", "title", "intro"),
    [
        ("nb", "Erfaringer", "Rapporter fra kommunene."),
        ("sv", "Erfarenheter", "Rapporter från kommunerna."),
    ],
)
def test_structural_page_shows_its_title_and_intro_in_the_ui_language(client, index, language, title, intro):
    html = page_html(client, index.url, language)
    assert f'<h1 class="ds-heading" data-size="xl" lang="{language}">{title}</h1>' in html
    assert f'<div class="lead rich-text" lang="{language}"><p>{intro}</p></div>' in html
    assert f"<title>{title} – Erfa</title>" in html


def test_missing_translation_falls_back_to_bokmal_marked_as_bokmal(client, index):
    # English has a title but no intro: the intro is the bokmål one, and says so.
    html = page_html(client, index.url, "en")
    assert '<h1 class="ds-heading" data-size="xl" lang="en">Experiences</h1>' in html
    assert '<div class="lead rich-text" lang="nb"><p>Rapporter fra kommunene.</p></div>' in html
    index.title_en = ""
    index.save_revision().publish()
    html = page_html(client, index.url, "en")
    assert '<h1 class="ds-heading" data-size="xl" lang="nb">Erfaringer</h1>' in html


def test_breadcrumbs_name_the_index_in_the_ui_language_and_the_report_in_its_own(client, index):
    report = ExperiencePageFactory(parent=index, title="Digital post i Malvik", language="nb")
    html = page_html(client, report.url, "sv")
    with translation.override("sv"):
        index_url = index.url  # links keep the reader in Swedish: /sv/…
    assert f'<a class="ds-link" href="{index_url}" lang="sv">Erfarenheter</a>' in html
    assert 'aria-current="page" lang="nb">Digital post i Malvik</a>' in html


def test_home_and_about_page_follow_the_ui_language(client, home):
    home.intro = "<p>Erfaringer fra kommunene.</p>"
    home.intro_sv = "<p>Erfarenheter från kommunerna.</p>"
    home.save_revision().publish()
    about = StandardPageFactory(
        parent=home, title="Om Erfa", title_en="About Erfa", body="<p>Om oss.</p>", body_en="<p>About us.</p>"
    )
    assert '<div class="lead rich-text" lang="sv"><p>Erfarenheter från kommunerna.</p></div>' in page_html(
        client, "/", "sv"
    )
    html = page_html(client, about.url, "en")
    assert '<h1 class="ds-heading" data-size="xl" lang="en">About Erfa</h1>' in html
    assert '<div class="rich-text" lang="en"><p>About us.</p></div>' in html


def test_theme_title_and_intro_follow_the_ui_language_with_its_own_language_as_fallback(client, theme_index):
    theme = ThemePageFactory(
        parent=theme_index,
        title="Bygglov digitalt",
        language="sv",
        intro="<p>Digitala bygglov.</p>",
        title_en="Digital building permits",
    )
    html = page_html(client, theme.url, "en")
    assert '<h1 class="ds-heading" data-size="xl" lang="en">Digital building permits</h1>' in html
    # No bokmål text: an nb reader gets the theme's own Swedish, marked as Swedish.
    html = page_html(client, theme_index.url, "nb")
    assert f'href="{theme.url}" lang="sv">Bygglov digitalt</a>' in html


@pytest.fixture
def welfare_report(index):
    region = RegionFactory(name="Västernorrlands län", country="SE", name_en="Västernorrland County")
    sundsvall = MunicipalityFactory(name="Sundsvall", country="SE", region=region, population=14900)
    topic = TopicFactory(name="Velferdsteknologi", name_sv="Välfärdsteknik", name_en="Welfare technology")
    solution = NationalSolutionFactory(name="BankID (Sverige)", name_en="BankID (Sweden)")
    return ExperiencePageFactory(
        parent=index,
        title="Trygghetslarm i Sundsvall",
        language="sv",
        municipalities=[sundsvall],
        topics=[topic],
        national_solutions=[solution],
        period_start=datetime.date(2025, 3, 14),
    )


def test_topic_names_on_cards_and_filters_follow_the_ui_language(client, index, welfare_report):
    html = page_html(client, index.url, "sv")
    assert 'data-variant="outline" lang="sv">Välfärdsteknik</span>' in html  # the card's topic tag
    assert "Velferdsteknologi" not in html  # nor in the topic filter
    html = page_html(client, index.url, "en")
    assert "Welfare technology" in html and "Västernorrland County" in html and "BankID (Sweden)" in html


def test_report_meta_names_topics_and_solutions_in_the_ui_language(client, welfare_report):
    html = page_html(client, welfare_report.url, "en")
    assert 'lang="en">Welfare technology</a>' in html
    assert 'lang="en">BankID (Sweden)</a>' in html
    html = page_html(client, welfare_report.url, "sv")
    # No Swedish name for the solution: its bokmål name, marked as bokmål.
    assert 'lang="nb">BankID (Sverige)</a>' in html


def test_comparison_names_topics_in_the_ui_language(client, index, welfare_report):
    other = ExperiencePageFactory(parent=index, title="Annen rapport", topics=list(welfare_report.topics.all()))
    html = page_html(client, f"{index.url}sammenlign/?ids={welfare_report.pk}&ids={other.pk}", "sv")
    assert "Välfärdsteknik" in html and "Velferdsteknologi" not in html


@pytest.mark.parametrize(
    ("language", "date"),
    [("nb", "14. mars 2025"), ("sv", "14 mars 2025"), ("en", "14 March 2025")],
)
def test_dates_are_written_in_the_ui_locale_with_iso_in_the_markup(client, welfare_report, language, date):
    html = page_html(client, welfare_report.url, language)
    assert f'<time datetime="2025-03-14">{date}</time>' in html


@pytest.mark.parametrize(("language", "population"), [("nb", "14\xa0900"), ("sv", "14\xa0900"), ("en", "14,900")])
def test_population_is_grouped_with_the_locale_separator(client, index, welfare_report, language, population):
    html = page_html(client, f"{index.url}kommune/sundsvall/", language)
    assert f"<dd>{population}</dd>" in html


def test_search_results_show_locale_dates_not_iso(client, settings, index):
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "URLS": []}  # Wagtail's database backend answers
    ExperiencePageFactory(
        parent=index,
        title="Trygghetslarm i Sundsvall",
        first_published_at=datetime.datetime(2025, 3, 14, 12, tzinfo=datetime.UTC),
    )
    html = page_html(client, "/search/?q=Trygghetslarm", "sv")
    assert '<time datetime="2025-03-14">14 mars 2025</time>' in html


def test_guide_breadcrumbs_name_the_wiki_in_the_ui_language(client, wiki_index):
    wiki_index.title_sv = "Vägledningar"
    wiki_index.save_revision().publish()
    guide = GuidePageFactory(parent=wiki_index, title="Slik bruker du SvarUt")
    html = page_html(client, guide.url, "sv")
    with translation.override("sv"):
        wiki_url = wiki_index.url
    assert f'href="{wiki_url}" lang="sv">Vägledningar</a>' in html


def test_municipality_list_names_regions_in_the_ui_language(client, index):
    region = RegionFactory(
        name="Västernorrlands län", name_sv="Västernorrlands län", name_en="Västernorrland County", country="SE"
    )
    MunicipalityFactory(name="Sundsvall", region=region)
    html = page_html(client, f"{index.url}kommuner/", "en")
    assert '<h3 class="ds-heading" data-size="xs" lang="en">Västernorrland County</h3>' in html
    assert "Västernorrlands län" not in html


@pytest.mark.parametrize(("country", "language"), [("NO", "nb"), ("SE", "sv")])
def test_network_page_marks_its_own_texts_with_the_networks_language(client, index, country, language):
    NetworkFactory(name="DiguT", slug="digut", country=country, full_name="Utvalget", description="Om utvalget.")
    html = page_html(client, f"{index.url}nettverk/digut/", "en")
    assert f'<p class="lead" lang="{language}">Utvalget</p>' in html
    assert f'<div class="rich-text" lang="{language}"><p>Om utvalget.</p></div>' in html


def test_admin_names_a_structural_page_in_the_editors_language(index):
    with translation.override("sv"):
        assert index.get_admin_display_title() == "Erfarenheter"
    with translation.override("nb"):
        assert index.get_admin_display_title() == "Erfaringer"
    with translation.override("en"):
        assert index.get_admin_display_title() == "Experiences"
