"""Editor's picks (wagtail.contrib.search_promotions): only live, public pages, in order."""

import pytest

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from experiences.factories import ExperiencePageFactory
from experiences.models import ExperiencePage
from search.insights import promoted_pages

pytestmark = pytest.mark.django_db


def promote(query_text, *pages):
    query = Query.get(query_text)
    for order, page in enumerate(pages):
        SearchPromotion.objects.create(query=query, page=page, sort_order=order, description="")
    return query


def restrict(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")


def test_picks_are_live_public_specific_pages_in_editor_order(experience_index):
    first, second, third = (ExperiencePageFactory(parent=experience_index, title=f"Pick {n}") for n in (1, 2, 3))
    draft = ExperiencePageFactory(parent=experience_index, title="Draft pick", live=False)
    private = ExperiencePageFactory(parent=experience_index, title="Private pick")
    restrict(private)
    private_parent = ExperiencePageFactory(parent=experience_index, title="Private parent")
    restrict(private_parent)
    under_private = ExperiencePageFactory(parent=private_parent, title="Under a private page")
    promote("svarut", second, draft, first, private, under_private, third)

    picks = promoted_pages("svarut")

    assert [page.pk for page in picks] == [second.pk, first.pk, third.pk]
    assert all(isinstance(page, ExperiencePage) for page in picks)
    assert all(page.live for page in picks)


def test_picks_match_the_normalised_query_case_insensitively(experience_index):
    page = ExperiencePageFactory(parent=experience_index)
    promote("SvarUt   Digital post", page)

    assert promoted_pages("  svarut DIGITAL    Post ") == [page]
    assert promoted_pages("svarut") == []


def test_unknown_or_empty_queries_find_nothing_and_create_no_query_rows(experience_index):
    promote("svarut", ExperiencePageFactory(parent=experience_index))
    queries = Query.objects.count()

    assert promoted_pages("nothing promoted here") == []
    assert promoted_pages("   ") == []
    assert promoted_pages(None) == []
    assert Query.objects.count() == queries


def test_a_pick_disappears_when_it_is_unpublished_or_made_private(experience_index):
    kept, unpublished, privatised = (ExperiencePageFactory(parent=experience_index) for _ in range(3))
    promote("velferdsteknologi", kept, unpublished, privatised)
    assert len(promoted_pages("velferdsteknologi")) == 3

    unpublished.unpublish()
    restrict(privatised)

    assert promoted_pages("velferdsteknologi") == [kept]


def test_external_link_promotions_are_not_pages(experience_index):
    page = ExperiencePageFactory(parent=experience_index)
    query = promote("byggesøknad", page)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.no/", external_link_text="Elsewhere", sort_order=-1
    )

    assert promoted_pages("Byggesøknad") == [page]
