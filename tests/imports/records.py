"""Import lines for the import tests: one valid experience and guide, changed per test."""

import json


def experience(external_id, **overrides):
    record = {
        "external_id": external_id,
        "type": "experience",
        "title": f"Digital byggesøknad {external_id}",
        "language": "nb",
        "municipalities": [{"name": "Malvik", "country": "NO", "region": "Trøndelag"}],
        "network": "DiguT",
        "topics": ["Byggesak"],
        "tags": ["byggesøknad"],
        "summary": "Vi tok i bruk digital byggesøknad.",
        "body": "## Bakgrunn\n\nMange søknader kom på papir.\n\n## Råd til andre\n\nStart med de enkle sakene.",
        "published": "2023-04-12",
        "status": "completed",
    }
    record.update(overrides)
    return record


def guide(external_id, **overrides):
    record = {
        "external_id": external_id,
        "type": "guide",
        "parent": None,
        "title": f"Slik innfører du SvarUt {external_id}",
        "language": "nb",
        "topics": ["Digital post"],
        "tags": ["svarut"],
        "summary": "Trinn for trinn.",
        "body": "## Forberedelser\n\n1. Avklar roller\n2. Bestill tilgang",
        "published": "2024-01-05",
        "status": None,
    }
    record.update(overrides)
    return record


def as_line(item):
    """A file line as bytes: records as JSON (lone surrogates escaped, as json.dumps does), text as UTF-8."""
    if isinstance(item, bytes):
        return item
    if isinstance(item, str):
        return item.encode("utf-8")
    return json.dumps(item).encode("utf-8")


def write_jsonl(path, *items, prefix=b""):
    path.write_bytes(prefix + b"\n".join(as_line(item) for item in items) + b"\n")
    return path
