"""Validating search parameters: anything wrong is a clear 400, never a 500."""

import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.facets import FACETS
from core.params import BadParameter, positive_int

MAX_QUERY_LENGTH = 500
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
# Engines refuse deep pages (from + size > 10 000); so do we, politely.
MAX_RESULT_WINDOW = 10_000
SORTS = ("relevance", "newest")


class BadSearchParameter(BadParameter):
    pass


@dataclass(frozen=True)
class SearchParams:
    query: str
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    # Internal (signed-in only) pages are found only when the view says the reader may see them.
    include_internal: bool = False

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    @property
    def active_filters(self):
        return {name: values for name, values in self.filters.items() if values}


def clean_query(raw):
    """Drop control characters and collapse white space; the text itself is never parsed as syntax."""
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in raw)
    return " ".join(text.split())


def _positive_int(raw, name, maximum):
    return positive_int(
        raw,
        name,
        maximum=maximum,
        message=_("“%(name)s” must be a whole number from 1 to %(max)d.") % {"name": name, "max": maximum},
        error=BadSearchParameter,
    )


def parse_search_params(query_dict, *, default_page_size=DEFAULT_PAGE_SIZE, include_internal=False):
    raw_query = query_dict.get("q", "")
    if len(raw_query) > MAX_QUERY_LENGTH:
        raise BadSearchParameter(
            _("The search text is too long: at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH}
        )
    page_size = _positive_int(query_dict.get("page_size", str(default_page_size)), "page_size", MAX_PAGE_SIZE)
    page = _positive_int(query_dict.get("page", "1"), "page", MAX_RESULT_WINDOW // page_size)
    sort = query_dict.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise BadSearchParameter(_("“sort” must be one of: %(allowed)s.") % {"allowed": ", ".join(SORTS)})
    filters = {name: facet.clean(query_dict.getlist(name), BadSearchParameter) for name, facet in FACETS.items()}
    return SearchParams(
        query=clean_query(raw_query),
        page=page,
        page_size=page_size,
        filters={name: values for name, values in filters.items() if values},
        sort=sort,
        include_internal=include_internal,
    )
