import datetime

import pytest

from django.core.exceptions import ValidationError

from experiences.factories import ExperiencePageFactory, MunicipalityFactory, RegionFactory
from experiences.models import Municipality, Topic


def test_period_end_before_start_is_refused(experience_index):
    page = ExperiencePageFactory(parent=experience_index)
    page.period_start = datetime.date(2024, 5, 1)
    page.period_end = datetime.date(2024, 1, 1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "period_end" in error.value.message_dict


def test_planned_project_cannot_have_end_date(experience_index):
    page = ExperiencePageFactory(parent=experience_index, status="planned")
    page.period_end = datetime.date(2030, 1, 1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "period_end" in error.value.message_dict


def test_municipality_region_must_be_in_same_country(db):
    swedish_region = RegionFactory(country="SE", name="Testlän")
    municipality = Municipality(name="Feilstad", country="NO", region=swedish_region)
    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert "region" in error.value.message_dict


def test_snippet_slugs_are_unique_even_for_equal_names(db):
    norwegian = MunicipalityFactory(name="Os", region=RegionFactory(country="NO"))
    swedish = MunicipalityFactory(name="Os", region=RegionFactory(country="SE"))
    assert norwegian.slug == "os"
    assert swedish.slug == "os-2"


def test_fylker_and_lan_are_shipped_as_data(db):
    from experiences.models import Region

    assert Region.objects.filter(country="NO").count() == 15
    assert Region.objects.filter(country="SE").count() == 21
    assert Region.objects.filter(name="Trøndelag", code="50").exists()
    assert Region.objects.filter(name="Västernorrlands län", code="22").exists()


def test_topic_label_follows_ui_language(db):
    from django.utils import translation

    topic = Topic.objects.create(name="Velferdsteknologi", name_sv="Välfärdsteknik", name_en="Welfare technology")
    with translation.override("sv"):
        assert topic.label == "Välfärdsteknik"
    with translation.override("en"):
        assert topic.label == "Welfare technology"
    with translation.override("nb"):
        assert topic.label == "Velferdsteknologi"


def test_snippet_changes_keep_revisions(db):
    topic = Topic.objects.create(name="Arkiv")
    topic.save_revision()
    topic.name = "Arkiv og dokumentasjon"
    topic.save()
    topic.save_revision()
    assert topic.revisions.count() == 2
