"""The public revision history of a guide: published versions only, never drafts.

Only revisions that were published are listed or compared, so a draft that was
never approved cannot leak through the history pages.
"""

import difflib
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from wagtail.models import PageLogEntry


class RevisionNotPublic(LookupError):
    pass


@dataclass
class Version:
    revision_id: int
    published_at: object
    author: str
    changed_fields: list
    previous_revision_id: int | None = None


def _author(user):
    if user is None:
        return _("Import")
    return user.get_full_name() or user.get_username()


def guide_text_lines(guide):
    """The guide as plain lines of text, the unit a reader compares."""
    lines = [guide.title, guide.summary]
    for block in guide.body:
        value = block.value
        if block.block_type == "heading":
            lines.append(f"## {value['text']}")
        elif block.block_type == "paragraph":
            lines.extend(line for line in strip_tags(value.source).splitlines() if line.strip())
        elif block.block_type == "steps":
            lines.extend(f"{n}. {strip_tags(step.source)}" for n, step in enumerate(value["steps"], start=1))
        elif block.block_type == "checklist":
            lines.extend(f"☐ {item}" for item in value["items"])
        elif block.block_type == "callout":
            lines.append(f"» {strip_tags(value['text'].source)}")
        elif block.block_type == "table":
            lines.extend(" | ".join(cell or "" for cell in row) for row in (value or {}).get("data", []))
        elif block.block_type == "document":
            lines.append(f"📄 {value['label'] or value['document'].title}")
    return [line.strip() for line in lines if line and line.strip()]


def _changed_fields(previous, current):
    changed = []
    for name, label in (("title", _("title")), ("summary", _("summary"))):
        if getattr(previous, name) != getattr(current, name):
            changed.append(label)
    if previous.body.get_prep_value() != current.body.get_prep_value():
        changed.append(_("body"))
    return changed


def _publish_entries(guide):
    return (
        PageLogEntry.objects.filter(page=guide, action="wagtail.publish", revision__isnull=False)
        .select_related("revision", "user")
        .order_by("timestamp", "pk")
    )


def published_versions(guide):
    """Published versions, newest first, each with what changed since the one before."""
    versions = []
    previous = None
    for entry in _publish_entries(guide):
        current = entry.revision.as_object()
        changed = _changed_fields(previous, current) if previous is not None else [_("first version")]
        previous_id = versions[-1].revision_id if versions else None
        versions.append(Version(entry.revision_id, entry.timestamp, _author(entry.user), changed, previous_id))
        previous = current
    return list(reversed(versions))


def compare_versions(guide, old_id, new_id):
    entries = {entry.revision_id: entry for entry in _publish_entries(guide)}
    for revision_id in (old_id, new_id):
        if revision_id not in entries:
            raise RevisionNotPublic(_("Version %(id)s of this guide was never published.") % {"id": revision_id})
    old_entry, new_entry = entries[old_id], entries[new_id]
    old_lines = guide_text_lines(old_entry.revision.as_object())
    new_lines = guide_text_lines(new_entry.revision.as_object())
    rows = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(("same", line) for line in old_lines[i1:i2])
            continue
        rows.extend(("removed", line) for line in old_lines[i1:i2])
        rows.extend(("added", line) for line in new_lines[j1:j2])
    return {
        "old": Version(old_id, old_entry.timestamp, _author(old_entry.user), []),
        "new": Version(new_id, new_entry.timestamp, _author(new_entry.user), []),
        "rows": rows,
        "added": sum(1 for kind, _line in rows if kind == "added"),
        "removed": sum(1 for kind, _line in rows if kind == "removed"),
    }
