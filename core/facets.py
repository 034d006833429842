"""The facets readers narrow content by, each defined once: its label, the values it
accepts, where the search index keeps it and which experience-page field it filters.

Search (its query, parameters, facet labels and page) and the experience index filters
read this registry. It lives in core because both sides use it and search already
depends on experiences: the registry must sit below them. It names fields as text and
imports no content app.
"""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .languages import CONTENT_LANGUAGES, COUNTRIES
from .params import positive_int

MAX_VALUES_PER_FACET = 20
MAX_VALUE_LENGTH = 100
FIRST_YEAR = 1990
LAST_YEAR = 2100

CONTENT_TYPES = [
    ("experience", _("Experience report")),
    ("guide", _("Guide")),
    ("theme", _("Theme")),
    ("gathering", _("Gathering")),
    ("news", _("News item")),
]
# The status of an experience report (experiences.ExperiencePage.status).
STATUSES = [
    ("planned", _("Planned")),
    ("ongoing", _("Ongoing")),
    ("completed", _("Completed")),
    ("stopped", _("Stopped")),
]


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    # The search index field counted and filtered, and how many of its values are counted.
    field: str
    buckets: int
    # The experience-page lookup the experience index filters with; None: not filtered there.
    lookup: str | None
    # (code, label) pairs of a fixed vocabulary; empty: slugs or free text, which match or not.
    choices: tuple = ()
    upper_case: bool = False
    year: bool = False

    @property
    def codes(self):
        return tuple(code for code, _label in self.choices)

    def clean(self, raw_values, error=ValueError):
        """The stripped, checked values, each once; ``error(message)`` for what can never be valid."""
        values = [value.strip() for value in raw_values if value.strip()]
        if len(values) > MAX_VALUES_PER_FACET:
            raise error(
                gettext("Too many values for “%(name)s”: at most %(max)d.")
                % {"name": self.name, "max": MAX_VALUES_PER_FACET}
            )
        if any(len(value) > MAX_VALUE_LENGTH for value in values):
            raise error(gettext("The value for “%(name)s” is too long.") % {"name": self.name})
        if self.upper_case:
            values = [value.upper() for value in values]
        for value in values:
            if self.choices and value not in self.codes:
                raise error(
                    gettext("Unknown %(name)s “%(value)s”. Choose one of: %(allowed)s.")
                    % {"name": self.name, "value": value, "allowed": ", ".join(self.codes)}
                )
        if self.year:
            for value in values:
                positive_int(
                    value,
                    "year",
                    minimum=FIRST_YEAR,
                    maximum=LAST_YEAR,
                    message=gettext("“%(value)s” is not a year between 1990 and 2100.") % {"value": value[:40]},
                    error=error,
                )
            values = [int(value) for value in values]
        return tuple(dict.fromkeys(values))


FACETS = {
    facet.name: facet
    for facet in (
        Facet("type", _("Content type"), "type", 10, None, tuple(CONTENT_TYPES)),
        Facet("municipality", _("Municipality"), "municipality_slugs", 1000, "municipalities__slug__in"),
        Facet("region", _("Region"), "region_slugs", 100, "municipalities__region__slug__in"),
        Facet(
            "country", _("Country"), "countries", 10, "municipalities__country__in", tuple(COUNTRIES), upper_case=True
        ),
        Facet("network", _("Network"), "network_slugs", 100, "network__slug__in"),
        Facet("topic", _("Topic"), "topic_slugs", 200, "topics__slug__in"),
        Facet("tag", _("Tag"), "tags.raw", 100, "tags__name__in"),
        Facet("solution", _("National solution"), "solution_slugs", 100, "national_solutions__slug__in"),
        Facet("language", _("Content language"), "language", 10, "language__in", tuple(CONTENT_LANGUAGES)),
        Facet("year", _("Year"), "year", 50, "first_published_at__year__in", year=True),
        Facet("status", _("Status"), "status", 10, "status__in", tuple(STATUSES)),
    )
}
