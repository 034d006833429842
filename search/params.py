"""Validating search parameters: anything wrong is a clear 400, never a 500."""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_QUERY_LENGTH = 500
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
# Engines refuse deep pages (from + size > 10 000); so do we, politely.
MAX_RESULT_WINDOW = 10_000


class BadSearchParameter(ValueError):
    pass


@dataclass(frozen=True)
class SearchParams:
    query: str
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


def clean_query(raw):
    """Drop control characters and collapse white space; the text itself is never parsed as syntax."""
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in raw)
    return " ".join(text.split())


def _positive_int(raw, name, maximum):
    if not raw.isdigit() or len(raw) > 9 or not 1 <= int(raw) <= maximum:
        raise BadSearchParameter(
            _("“%(name)s” must be a whole number from 1 to %(max)d.") % {"name": name, "max": maximum}
        )
    return int(raw)


def parse_search_params(query_dict, *, default_page_size=DEFAULT_PAGE_SIZE):
    raw_query = query_dict.get("q", "")
    if len(raw_query) > MAX_QUERY_LENGTH:
        raise BadSearchParameter(
            _("The search text is too long: at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH}
        )
    page_size = _positive_int(query_dict.get("page_size", str(default_page_size)), "page_size", MAX_PAGE_SIZE)
    page = _positive_int(query_dict.get("page", "1"), "page", MAX_RESULT_WINDOW // page_size)
    return SearchParams(query=clean_query(raw_query), page=page, page_size=page_size)
