"""Whole numbers from query strings, forms and paths: what a reader types is a 400, never a 500.

``str.isdigit()`` is true for "²" and "٣" and for 5 000 digits, none of which ``int()``
takes (or a database can hold), so every view reads numbers through ``ascii_int`` or
``positive_int`` instead of ``isdigit()`` and ``int()``.
"""

import re

from django.utils.translation import gettext as _

ASCII_DIGITS = re.compile(r"[0-9]+")
# Below 2**63: any id, page or offset fits a database integer (SQLite and PostgreSQL bigint).
MAX_DIGITS = 18


class BadParameter(ValueError):
    """A parameter that can never be valid; the message is shown to the reader."""


def ascii_int(raw, *, max_digits=MAX_DIGITS):
    """The number ``raw`` spells in ASCII digits (at most ``max_digits``), else None."""
    if not isinstance(raw, str) or len(raw) > max_digits or not ASCII_DIGITS.fullmatch(raw):
        return None
    return int(raw)


def positive_int(raw, name, *, minimum=1, maximum=None, message=None, error=BadParameter):
    """``raw`` as a whole number from ``minimum`` to ``maximum``; else ``error(message)``.

    ``error`` lets each app raise the exception its views already answer 400 for.
    """
    value = ascii_int(raw)
    if value is None or value < minimum or (maximum is not None and value > maximum):
        if message is None:
            if maximum is None:
                message = _("“%(name)s” must be a whole number from %(min)d upwards.") % {"name": name, "min": minimum}
            else:
                message = _("“%(name)s” must be a whole number from %(min)d to %(max)d.") % {
                    "name": name,
                    "min": minimum,
                    "max": maximum,
                }
        raise error(message)
    return value
