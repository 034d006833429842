"""The public revision history of a guide: published versions only, never drafts.

Only revisions that were published are listed or compared, so a draft that was
never approved cannot leak through the history pages.
"""

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

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


# Elements a reader sees as a line of their own; everything else is inline text.
_LINE_ELEMENTS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "ul", "ol", "tr", "hr"}
_SPACE = re.compile(r"\s+")


class _ReaderText(HTMLParser):
    """Rich text as the lines a reader sees: one per paragraph, heading and list item.

    The editor and the importer write the same content with different markup (newlines
    between list items or not, ``<br>`` or separate paragraphs); only what is visible counts.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []
        self._current = []
        self._lists = []

    def _end_line(self):
        text = _SPACE.sub(" ", "".join(self._current)).strip()
        if text:
            self.lines.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in _LINE_ELEMENTS:
            self._end_line()
        if tag in ("ul", "ol"):
            self._lists.append([tag, 0])
        elif tag == "li" and self._lists:
            kind = self._lists[-1]
            kind[1] += 1
            self._current.append(f"{kind[1]}. " if kind[0] == "ol" else "• ")

    def handle_endtag(self, tag):
        if tag in _LINE_ELEMENTS:
            self._end_line()
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()

    def handle_data(self, data):
        self._current.append(data)

    def close(self):
        super().close()
        self._end_line()


def reader_lines(html):
    """The visible lines of a piece of rich-text HTML, whitespace normalised."""
    parser = _ReaderText()
    parser.feed(str(html or ""))
    parser.close()
    return parser.lines


def _one_line(html):
    return " ".join(reader_lines(html))


def _plain(text):
    return _SPACE.sub(" ", str(text or "")).strip()


def body_text_lines(body):
    """A guide body as the lines a reader sees, so markup-only differences are no change."""
    lines = []
    for block in body:
        value = block.value
        if block.block_type == "heading":
            lines.append(f"## {value['text']}")
        elif block.block_type == "paragraph":
            lines.extend(reader_lines(value.source))
        elif block.block_type == "steps":
            if value["title"]:
                lines.append(value["title"])
            lines.extend(f"{n}. {_one_line(step.source)}" for n, step in enumerate(value["steps"], start=1))
        elif block.block_type == "checklist":
            if value["title"]:
                lines.append(value["title"])
            lines.extend(f"☐ {item}" for item in value["items"])
        elif block.block_type == "callout":
            lines.append(f"» {_one_line(value['text'].source)}")
        elif block.block_type == "table":
            lines.extend(" | ".join(cell or "" for cell in row) for row in (value or {}).get("data", []))
        elif block.block_type == "document":
            lines.append(f"📄 {value['label'] or value['document'].title}")
    return [_plain(line) for line in lines if _plain(line)]


def guide_text_lines(guide):
    """The guide as plain lines of text, the unit a reader compares."""
    lines = [_plain(guide.title), _plain(guide.summary)]
    return [line for line in lines if line] + body_text_lines(guide.body)


def _changed_fields(previous, current):
    changed = []
    for name, label in (("title", _("title")), ("summary", _("summary"))):
        if _plain(getattr(previous, name)) != _plain(getattr(current, name)):
            changed.append(label)
    if body_text_lines(previous.body) != body_text_lines(current.body):
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
