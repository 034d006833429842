"""Parsing and applying the experience index filters: the facets of ``core.facets`` that
filter experience pages.

Values that can only be wrong (an unknown status, a year that is not a number) are
reported as errors so the view can answer 400; slugs that match nothing simply
filter to an empty list, the way a reader expects of a stale bookmarked link.
"""

from core.facets import FACETS
from core.params import BadParameter


class FilterError(BadParameter):
    """A query parameter that can never be valid; the message is shown to the reader."""


class ExperienceFilters:
    """The chosen values per filter, as attributes (``filters.municipality``) for the template."""

    @staticmethod
    def names():
        """The facets that filter experience pages: those with a lookup."""
        return [name for name, facet in FACETS.items() if facet.lookup]

    def __init__(self, **values):
        self.values = {name: list(values.get(name, ())) for name in self.names()}

    def __getattr__(self, name):
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    @classmethod
    def from_query(cls, query):
        values = {}
        for name in cls.names():
            raw = query.getlist(name)
            if name == "tag":
                # One text box holds several tags, separated by commas.
                raw = [part for value in raw for part in value.split(",")]
            values[name] = FACETS[name].clean(raw, FilterError)
        return cls(**values)

    @property
    def active(self):
        return any(self.values.values())

    def apply(self, pages):
        for name, values in self.values.items():
            if values:
                # One filter() call per dimension: values within a dimension are OR-ed,
                # dimensions are AND-ed, as in every faceted catalogue.
                pages = pages.filter(**{FACETS[name].lookup: values})
        return pages.distinct()
