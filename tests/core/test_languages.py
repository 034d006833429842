"""One content-language list (core.languages) and one interface-language list (settings.LANGUAGES)."""

import importlib.util
from pathlib import Path

from django.conf import settings

from core.languages import CONTENT_LANGUAGE_CODES
from experiences.models import ExperiencePage
from search import analysis
from search.models import LANGUAGE_TAGS, SearchLog, parse_terms
from wiki.models import GuidePage

DATA = Path(analysis.__file__).resolve().parent / "data"


def codes(field):
    return [code for code, _label in field.choices]


def test_every_content_language_has_a_page_choice_an_analyzer_and_an_equivalence_tag():
    for model in (ExperiencePage, GuidePage):
        assert codes(model._meta.get_field("language")) == CONTENT_LANGUAGE_CODES
    assert list(analysis.LANGUAGES) == CONTENT_LANGUAGE_CODES
    assert set(analysis.STEMMERS) == set(analysis.STOPWORDS) == set(CONTENT_LANGUAGE_CODES)
    assert set(CONTENT_LANGUAGE_CODES) == LANGUAGE_TAGS
    assert parse_terms(", ".join(f"ord:{code}" for code in CONTENT_LANGUAGE_CODES)) == [
        ("ord", code) for code in CONTENT_LANGUAGE_CODES
    ]


def test_the_standalone_data_checker_knows_the_same_content_languages():
    # search/data/validate.py runs without Django, so it keeps its own copy; this keeps it equal.
    spec = importlib.util.spec_from_file_location("erfa_search_data_validate", DATA / "validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert set(CONTENT_LANGUAGE_CODES) == module.LANGS


def test_search_logs_record_interface_languages_not_content_languages():
    assert codes(SearchLog._meta.get_field("ui_language")) == [code for code, _label in settings.LANGUAGES]
    assert set(codes(SearchLog._meta.get_field("ui_language"))) != set(CONTENT_LANGUAGE_CODES)
