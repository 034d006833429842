"""The XSS corpus and an HTML check that looks for injected elements and attributes.

Substring checks miss attribute breakouts and catch harmless escaped text; this parses the
page the way a browser tokenises it and reports what a payload could have added.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

PAYLOAD_FILE = Path(__file__).with_name("xss_payloads.txt")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcdoc"}
# Frames are judged by their src (script URLs and other origins); the admin frames its own previews.
FOREIGN_ELEMENTS = {"object", "embed", "base", "frameset", "applet"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


def load_payloads():
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


def _elsewhere(url):
    """True for a URL on another origin (or with a scheme); same-origin paths are the site's own."""
    url = url.strip()
    return url.startswith("//") or ":" in url.split("/")[0]


class _InjectionFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name in URL_ATTRIBUTES and value:
                compact = re.sub(r"[\x00-\x20]", "", value).lower()
                if compact.startswith(BAD_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}> script URL")
        if tag in FOREIGN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag in ("iframe", "frame") and _elsewhere(attributes.get("src") or ""):
            self.problems.append(f"<{tag} src={attributes.get('src')!r}> from elsewhere")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            src = attributes.get("src")
            if src is not None and _elsewhere(src):
                self.problems.append(f"<script src={src!r}> from elsewhere")
            self._script = {"type": (attributes.get("type") or "").lower(), "text": ""}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            if self._script["type"] in EXECUTABLE_SCRIPT_TYPES and "alert(1)" in self._script["text"]:
                self.problems.append(f"inline script running {self._script['text'][:60]!r}")
            self._script = None


def injections(html):
    """What a payload could have injected into ``html``: a list of findings, empty if none."""
    finder = _InjectionFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


# JSON fields that carry HTML. Everything else in the APIs is plain text, where the raw
# payload is the right answer and escaping is the consumer's job (JSON is not HTML).
HTML_JSON_KEYS = {
    "snippet",
    "background",
    "what_we_did",
    "what_worked",
    "what_did_not_work",
    "advice",
    "results",
    "intro",
    "body_html",
}
HTML_BLOCK_VALUES = {"paragraph": None, "steps": "steps", "callout": "text"}


def _html_strings(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def json_injections(data, block_type=None):
    """Injections in the HTML-bearing strings of a JSON document (snippets, rich text, blocks)."""
    found = []
    if isinstance(data, dict):
        own_type = data.get("type") if isinstance(data.get("type"), str) else None
        for key, value in data.items():
            html_key = key in HTML_JSON_KEYS
            if own_type in HTML_BLOCK_VALUES and key == "value":
                inner = HTML_BLOCK_VALUES[own_type]
                html_key = inner is None
                if inner and isinstance(value, dict):
                    for text in _html_strings(value.get(inner)):
                        found += injections(text)
            if html_key:
                for text in _html_strings(value):
                    found += injections(text)
            if isinstance(value, dict | list):
                found += json_injections(value)
    elif isinstance(data, list):
        for value in data:
            found += json_injections(value)
    return found


class _Text(HTMLParser):
    def __init__(self, tag):
        super().__init__(convert_charrefs=True)
        self.tag, self.depth, self.texts = tag, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            self.depth += 1
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag == self.tag and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data


def texts_of(html, tag):
    """The text content of every ``tag`` element, as a reader sees it."""
    parser = _Text(tag)
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.texts]


def editor_rich_text(text, features=("bold", "italic", "link", "h3", "ol", "ul")):
    """Rich text as the admin saves it: Draftail's contentstate with ``text`` as a paragraph
    and as a link's URL, through Wagtail's converter (a crafted POST skips the editor, not this)."""
    contentstate = {
        "blocks": [
            {
                "key": "a1b2c",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": text}}},
    }
    return ContentstateConverter(features=list(features)).to_database_format(json.dumps(contentstate))
