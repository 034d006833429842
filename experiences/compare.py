"""Side-by-side comparison of 2–5 experience reports, field by field."""

import operator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.params import BadParameter, positive_int

from .models.pages import SECTIONS

MIN_COMPARE = 2
MAX_COMPARE = 5


class CompareError(BadParameter):
    pass


def parse_compare_ids(query):
    raw_values = []
    for value in query.getlist("ids"):
        raw_values.extend(part for part in value.split(",") if part.strip())
    ids = []
    for raw in raw_values:
        raw = raw.strip()
        value = positive_int(
            raw,
            "ids",
            message=_("“%(value)s” is not a valid experience id.") % {"value": raw[:40]},
            error=CompareError,
        )
        if value not in ids:
            ids.append(value)
    if not MIN_COMPARE <= len(ids) <= MAX_COMPARE:
        raise CompareError(
            _("Choose between %(min)d and %(max)d experiences to compare (you chose %(count)d).")
            % {"min": MIN_COMPARE, "max": MAX_COMPARE, "count": len(ids)}
        )
    return ids


def _names(items):
    return ", ".join(str(item) for item in items)


# (label, kind, getter): "text" is escaped UI-language text, "content" escaped text in the
# report's language, "html" rich text, "period" a (start, end) pair, "figures" (label, value) pairs.
ROWS = [
    (gettext_lazy("Municipalities"), "text", lambda p: _names(p.municipalities.all())),
    (
        gettext_lazy("Region"),
        "text",
        lambda p: _names(sorted({str(m.region) for m in p.municipalities.all() if m.region})),
    ),
    (gettext_lazy("Network"), "text", lambda p: str(p.network or "–")),
    (gettext_lazy("Status"), "text", lambda p: p.get_status_display()),
    (gettext_lazy("Period"), "period", lambda p: (p.period_start, p.period_end)),
    (gettext_lazy("Effort and cost"), "text", lambda p: p.get_effort_display() or "–"),
    (gettext_lazy("National solutions"), "text", lambda p: _names(p.national_solutions.all()) or "–"),
    (gettext_lazy("Topics"), "text", lambda p: _names(p.topics.all()) or "–"),
    (gettext_lazy("Content language"), "text", lambda p: p.get_language_display()),
    (gettext_lazy("Summary"), "content", lambda p: p.summary),
    (gettext_lazy("Key figures"), "figures", lambda p: [(b.value["label"], b.value["value"]) for b in p.key_figures]),
] + [(label, "html", operator.attrgetter(name)) for name, label in SECTIONS]


def comparison_rows(experiences):
    return [
        {
            "label": label,
            # "content" is plain text written in each report's own language.
            "kind": "text" if kind == "content" else kind,
            "content_language": kind in ("content", "html", "figures"),
            "cells": [getter(page) for page in experiences],
        }
        for label, kind, getter in ROWS
    ]
