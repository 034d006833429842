"""The database fallback ranks with one full-text query, the way Wagtail's own backend would."""

import pytest

from django.db import connection

from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from search import database
from search.documents import visible_indexable_pages

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the fast path is SQLite FTS5 only")

WORDS = ["postkasse", "digital", "svarut", "brev", "innbygger", "kommune"]


@pytest.fixture
def reports(experience_index):
    malvik = MunicipalityFactory(name="Malvik")
    pages = []
    for number in range(12):
        # Different mixes and counts of the query words, so the ranking has something to order.
        words = " ".join(WORDS[: 1 + number % len(WORDS)] * (1 + number % 3))
        pages.append(
            ExperiencePageFactory(
                parent=experience_index,
                title=f"Rapport {number} {WORDS[number % len(WORDS)]}",
                summary=f"Om {words}.",
                municipalities=[malvik],
            )
        )
    return pages


def test_fallback_ranks_like_wagtails_database_backend(reports):
    text = "digital svarut brev"
    pages = visible_indexable_pages(include_internal=False)
    wagtail_order = [page.pk for page in pages.search(text, operator="or").annotate_score("_score")]
    ours = database._ranked_on_sqlite(pages, text, database._fts5_tables())

    assert len(wagtail_order) > 5
    assert [page.pk for page in ours] == wagtail_order
    assert all(page._score is not None for page in ours)


def test_fallback_leaves_out_pages_the_reader_may_not_see(reports):
    from wagtail.models import PageViewRestriction

    hidden = reports[1]
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    anonymous = database._ranked_on_sqlite(
        visible_indexable_pages(include_internal=False), "digital", database._fts5_tables()
    )
    signed_in = database._ranked_on_sqlite(
        visible_indexable_pages(include_internal=True), "digital", database._fts5_tables()
    )

    assert hidden.pk not in [page.pk for page in anonymous]
    assert hidden.pk in [page.pk for page in signed_in]
