"""Parsing and applying the experience index filters.

Values that can only be wrong (an unknown status, a year that is not a number) are
reported as errors so the view can answer 400; slugs that match nothing simply
filter to an empty list, the way a reader expects of a stale bookmarked link.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.languages import CONTENT_LANGUAGE_CODES, COUNTRY_CODES
from core.params import BadParameter, positive_int

from .models import STATUSES

MAX_VALUES_PER_FILTER = 20
STATUS_CODES = [code for code, _label in STATUSES]


class FilterError(BadParameter):
    """A query parameter that can never be valid; the message is shown to the reader."""


@dataclass
class ExperienceFilters:
    municipality: list = field(default_factory=list)
    region: list = field(default_factory=list)
    country: list = field(default_factory=list)
    network: list = field(default_factory=list)
    topic: list = field(default_factory=list)
    tag: list = field(default_factory=list)
    solution: list = field(default_factory=list)
    status: list = field(default_factory=list)
    language: list = field(default_factory=list)
    year: list = field(default_factory=list)

    NAMES = ("municipality", "region", "country", "network", "topic", "tag", "solution", "status", "language", "year")

    @classmethod
    def from_query(cls, query):
        filters = cls()
        for name in cls.NAMES:
            raw = query.getlist(name)
            if name == "tag":
                # One text box holds several tags, separated by commas.
                raw = [part for value in raw for part in value.split(",")]
            values = [value.strip() for value in raw if value.strip()]
            if len(values) > MAX_VALUES_PER_FILTER:
                raise FilterError(
                    _("Too many values for “%(name)s”: at most %(max)d.") % {"name": name, "max": MAX_VALUES_PER_FILTER}
                )
            if any(len(value) > 100 for value in values):
                raise FilterError(_("The value for “%(name)s” is too long.") % {"name": name})
            setattr(filters, name, values)
        filters._validate_choices("status", STATUS_CODES)
        filters._validate_choices("language", CONTENT_LANGUAGE_CODES)
        filters.country = [value.upper() for value in filters.country]
        filters._validate_choices("country", COUNTRY_CODES)
        filters.year = [
            positive_int(
                value,
                "year",
                minimum=1990,
                maximum=2100,
                message=_("“%(value)s” is not a year between 1990 and 2100.") % {"value": value[:40]},
                error=FilterError,
            )
            for value in filters.year
        ]
        return filters

    def _validate_choices(self, name, allowed):
        for value in getattr(self, name):
            if value not in allowed:
                raise FilterError(
                    _("Unknown %(name)s “%(value)s”. Choose one of: %(allowed)s.")
                    % {"name": name, "value": value, "allowed": ", ".join(allowed)}
                )

    @property
    def active(self):
        return any(getattr(self, name) for name in self.NAMES)

    def apply(self, pages):
        lookups = {
            "municipality": "municipalities__slug__in",
            "region": "municipalities__region__slug__in",
            "country": "municipalities__country__in",
            "network": "network__slug__in",
            "topic": "topics__slug__in",
            "tag": "tags__name__in",
            "solution": "national_solutions__slug__in",
            "status": "status__in",
            "language": "language__in",
            "year": "first_published_at__year__in",
        }
        for name, lookup in lookups.items():
            values = getattr(self, name)
            if values:
                # One filter() call per dimension: values within a dimension are OR-ed,
                # dimensions are AND-ed, as in every faceted catalogue.
                pages = pages.filter(**{lookup: values})
        return pages.distinct()
