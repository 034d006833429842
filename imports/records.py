"""Reading one import line and checking its fields against what the models can store.

Everything here raises ``LineError`` with a sentence for the person importing; nothing here
writes to the database, so a line is refused before any of it is saved.
"""

import datetime
import json
import re

from django.apps import apps

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# Lone surrogates cannot be stored as UTF-8 at all; NUL is refused by PostgreSQL; the other
# control characters are invisible and break mail headers, feeds and exports. Tabs and line
# breaks are allowed, except in single-line fields.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = re.compile("[\n\r\u2028\u2029]")
TYPES = ("experience", "guide")
REQUIRED = ("external_id", "type", "title", "language", "topics", "tags", "summary", "body", "published")


class LineError(ValueError):
    """Why one import line was refused; shown to the person importing."""


def model(name):
    app_label, model_name = name.split(".")
    return apps.get_model(app_label, model_name)


def max_length(model_name, field_name):
    return model(model_name)._meta.get_field(field_name).max_length


def parse_line(line):
    """The JSON object on one line, with every string checked for characters no field may hold."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(f"Invalid JSON: {error.msg} (column {error.colno}).") from None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise LineError(f"Invalid JSON: {error}.") from None
    except RecursionError:
        raise LineError("Invalid JSON: nested too deeply.") from None
    if isinstance(record, list):
        raise LineError("Each line must be one JSON object, not an array: write one object per line.")
    if not isinstance(record, dict):
        raise LineError("Each line must be a JSON object.")
    check_characters(record)
    return record


def check_record(record):
    """Refuse a line that lacks a required field or names an unknown type; return the type."""
    missing = [name for name in REQUIRED if name not in record]
    if missing:
        raise LineError(f"Missing field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}.")
    kind = record["type"]
    if kind not in TYPES:
        raise LineError(f"Unknown type {json.dumps(kind)[:40]}: use “experience” or “guide”.")
    return kind


def parse_date(value, name):
    if not isinstance(value, str) or not DATE.match(value):
        raise LineError(f"“{name}” must be a date written YYYY-MM-DD, not {json.dumps(value)[:40]}.")
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        raise LineError(f"“{name}” is not a real date: {value}.") from None
    if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        raise LineError(f"“{name}” must be a date from {EARLIEST_YEAR} to {LATEST_YEAR}, not {value}.")
    return date


def optional_date(record, name):
    value = record.get(name)
    return None if value is None else parse_date(value, name)


def check_characters(record):
    """Refuse a line with a character no text field may hold, wherever it is (keys too)."""
    stack = [("", record)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, "a field name")
                stack.append((f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{number}]", item) for number, item in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, f"“{path}”")


def _check_text(text, where):
    bad = FORBIDDEN_CHARACTERS.search(text)
    if bad is None:
        return
    code = ord(bad.group())
    what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "the control character"
    raise LineError(f"{where} contains {what} U+{code:04X} at character {bad.start() + 1}, which cannot be stored.")


def single_line(value, name):
    if LINE_BREAKS.search(value):
        raise LineError(f"“{name}” must be a single line, without line breaks.")
    return value


def checked_name(value, name, limit):
    """A name as given (never cut short: two long names cut the same way would collide)."""
    value = single_line(value.strip(), name)
    if len(value) > limit:
        raise LineError(f"“{name}” is longer than {limit} characters: {value[:40]}….")
    return value


def string(record, name, *, max_length=None, required=True, multiline=False):
    value = record.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise LineError(f"“{name}” must be a non-empty string.")
    value = value.strip()
    if not multiline:
        single_line(value, name)
    if max_length and len(value) > max_length:
        raise LineError(f"“{name}” is longer than {max_length} characters.")
    return value


def string_list(record, name, limit=100):
    value = record.get(name)
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise LineError(f"“{name}” must be a list of non-empty strings.")
    if any(len(item.strip()) > limit for item in value):
        raise LineError(f"Every entry in “{name}” must be at most {limit} characters.")
    return list(dict.fromkeys(single_line(item.strip(), name) for item in value))


def validation_message(error):
    if hasattr(error, "message_dict"):
        return " ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
