"""The small Markdown dialect of the import format, turned into Wagtail content.

Supported: paragraphs, ``## `` headings, ``- `` lists; in guides also ``1. ``
numbered steps, ``- [ ] `` checklists and ``> `` callouts. Raw HTML in the source is
shown as text, and the result goes through Wagtail's rich-text whitelist, so an
import file cannot smuggle markup (scripts, ``javascript:`` links) onto a page.
"""

import html
import re

import markdown as markdown_lib

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]
HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")
STEP = re.compile(r"^\d+[.)]\s+(.*)$")
CHECK = re.compile(r"^[-*]\s+\[[ xX]?\]\s+(.*)$")

_converter = None


def _whitelist(html_text):
    global _converter
    if _converter is None:
        _converter = EditorHTMLConverter(features=RICH_TEXT_FEATURES)
    return _converter.to_database_format(html_text)


def to_rich_text(source):
    """Markdown (paragraphs, lists, emphasis, links) to whitelisted rich-text HTML."""
    escaped = source.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _whitelist(markdown_lib.markdown(escaped, output_format="html"))


def split_sections(source):
    """Split on ``## `` headings: [(heading or None, markdown), …] in order."""
    sections = []
    heading, lines = None, []
    for line in source.splitlines():
        match = HEADING.match(line) if line.startswith("## ") else None
        if match:
            if heading is not None or "".join(lines).strip():
                sections.append((heading, "\n".join(lines).strip()))
            heading, lines = match.group(2), []
        else:
            lines.append(line)
    if heading is not None or "".join(lines).strip():
        sections.append((heading, "\n".join(lines).strip()))
    return sections


def _paragraphs(source):
    return [chunk.strip("\n") for chunk in re.split(r"\n\s*\n", source) if chunk.strip()]


def to_stream(source):
    """Markdown to raw StreamField data for ``core.blocks.BodyBlock``."""
    blocks = []
    for chunk in _paragraphs(source):
        lines = [line.rstrip() for line in chunk.splitlines() if line.strip()]
        first = lines[0]
        heading = HEADING.match(first)
        if heading and len(lines) == 1:
            level = "h2" if len(heading.group(1)) == 2 else "h3"
            blocks.append({"type": "heading", "value": {"text": heading.group(2)[:200], "level": level}})
        elif all(CHECK.match(line) for line in lines):
            items = [CHECK.match(line).group(1)[:300] for line in lines]
            blocks.append({"type": "checklist", "value": {"title": "", "items": items}})
        elif all(STEP.match(line) for line in lines):
            steps = [to_rich_text(STEP.match(line).group(1)) for line in lines]
            blocks.append({"type": "steps", "value": {"title": "", "steps": steps}})
        elif first.startswith("> "):
            text = " ".join(line.lstrip("> ").strip() for line in lines)
            blocks.append({"type": "callout", "value": {"kind": "info", "text": to_rich_text(text)}})
        else:
            blocks.append({"type": "paragraph", "value": to_rich_text(chunk)})
    return blocks


def plain_text(html_text):
    return html.unescape(re.sub(r"<[^>]+>", " ", html_text or "")).strip()
