"""WordPress post HTML to Erfa's body blocks.

A post's ``content:encoded`` is what the WordPress editor stored: Gutenberg's block comments
(``<!-- wp:paragraph -->``), shortcodes (``[caption]``, ``[gallery]``, ``[embed]`` and whatever
plugins added), and, from the classic editor, paragraphs written as blank lines instead of
``<p>`` (WordPress adds them only when it shows the post, ``wpautop``). This module turns that
into the shared body blocks: headings become heading blocks, text becomes rich text kept to
the elements Erfa's editor offers (cleaned by Wagtail's own ``Whitelister``), and pictures
become figure blocks when the picture's file could be read. Scripts, styles, forms and
embedded frames are dropped, and every such loss is named in ``notes`` for the import report.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from django.utils.html import escape

from wagtail.whitelist import Whitelister, attribute_rule

GUTENBERG_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.DOTALL | re.IGNORECASE)
GALLERY = re.compile(r"\[gallery([^\]]*)\]", re.IGNORECASE)
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
SHORTCODE_TAG = re.compile(r"\[(/?)([a-z][a-z0-9_-]*)((?:\s[^\]]*)?)/?\]", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"|(\w+)\s*=\s*\'([^\']*)\'|(\w+)\s*=\s*([^\s"\']+)')
# Shortcodes WordPress and its common plugins ship; others are recognised by their closing tag.
KNOWN_SHORTCODES = {"audio", "video", "playlist", "contact-form", "contact-form-7", "googlemaps", "youtube"}
BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "figure", "table", "pre", "hr")
BLOCK_START = re.compile(r"<(%s)[\s>/]" % "|".join(BLOCK_TAGS), re.IGNORECASE)  # noqa: UP031
DROPPED_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "form", "input", "button", "select")
CONTAINER_TAGS = ("div", "section", "article", "main", "header", "footer", "aside", "center", "span")
SAFE_SCHEMES = ("http", "https", "mailto")


def _href(value):
    scheme = urlparse(value.strip()).scheme.lower()
    if scheme and scheme not in SAFE_SCHEMES:
        return None
    return value.strip()


class RichTextWhitelister(Whitelister):
    """Wagtail's whitelister, kept to what Erfa's paragraph block offers (core.blocks.PARAGRAPH_FEATURES)."""

    element_rules = {
        "[document]": attribute_rule({}),
        "p": attribute_rule({}),
        "br": attribute_rule({}),
        "b": attribute_rule({}),
        "i": attribute_rule({}),
        "ul": attribute_rule({}),
        "ol": attribute_rule({}),
        "li": attribute_rule({}),
        "h3": attribute_rule({}),
        "h4": attribute_rule({}),
        "hr": attribute_rule({}),
        "a": attribute_rule({"href": _href, "linktype": True, "id": True}),
    }

    def clean_tag_node(self, doc, tag):
        # The editor stores bold and italic as <b> and <i>.
        if tag.name == "strong":
            tag.name = "b"
        elif tag.name == "em":
            tag.name = "i"
        elif tag.name in ("h5", "h6"):
            tag.name = "h4"
        super().clean_tag_node(doc, tag)


WHITELISTER = RichTextWhitelister()


@dataclass
class Figure:
    image: object
    alt: str = ""
    caption: str = ""


@dataclass
class Converted:
    """Body blocks as StreamField data (``figure`` values hold ``Figure``), and what was lost."""

    blocks: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def text(self):
        parts = []
        for kind, value in self.blocks:
            if kind == "heading":
                parts.append(value["text"])
            elif kind == "paragraph":
                parts.append(BeautifulSoup(value, "html.parser").get_text(" "))
        return " ".join(" ".join(parts).split())


def _attributes(text):
    found = {}
    for match in ATTRIBUTE.finditer(text or ""):
        key = match.group(1) or match.group(3) or match.group(5)
        found[key.lower()] = match.group(2) or match.group(4) or match.group(6) or ""
    return found


def expand_shortcodes(content, notes):
    """Shortcodes to plain HTML: captions become figures, galleries and embeds placeholders or links."""

    def caption(match):
        inner = match.group(2)
        soup = BeautifulSoup(inner, "html.parser")
        image = soup.find("img")
        if image is None:
            return inner
        image.extract()
        for link in soup.find_all("a"):
            if not link.get_text(strip=True):
                link.decompose()
        text = soup.get_text(" ", strip=True) or _attributes(match.group(1)).get("caption", "")
        return f"<figure>{image}<figcaption>{escape(text)}</figcaption></figure>"

    content = CAPTION.sub(caption, content)
    content = GALLERY.sub(
        # On a line of its own, so the classic editor's paragraphs (autop) do not swallow it.
        lambda match: f'\n\n<div data-gallery="{escape(_attributes(match.group(1)).get("ids", ""))}"></div>\n\n',
        content,
    )
    content = EMBED.sub(
        lambda match: f'<p><a href="{escape(match.group(1).strip())}">{escape(match.group(1).strip())}</a></p>', content
    )

    closing = {name.lower() for slash, name, _rest in SHORTCODE_TAG.findall(content) if slash}

    def other(match):
        name = match.group(2).lower()
        if name in KNOWN_SHORTCODES or name in closing:
            if not match.group(1):
                notes.append(f"the shortcode [{name}] was removed (its text, if any, was kept)")
            return ""
        return match.group(0)  # ordinary text in brackets, such as "[1]" or "[sic]"

    return SHORTCODE_TAG.sub(other, content)


def autop(content):
    """Paragraphs from blank lines, as WordPress's ``wpautop`` makes them when it shows a post."""
    if re.search(r"<p[\s>]", content, re.IGNORECASE):
        return content
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", content.replace("\r\n", "\n")):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_START.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + chunk.replace("\n", "<br>") + "</p>")
    return "\n".join(paragraphs)


class _Builder:
    def __init__(self, images, documents, gallery):
        self.images, self.documents, self.gallery = images, documents, gallery
        self.result = Converted()
        self.pending = []
        self.inline = []  # text and inline elements between blocks, wrapped in one <p>

    def add(self, html, block):
        if block:
            self.close_inline()
            self.pending.append(html)
        else:
            self.inline.append(html)

    def close_inline(self):
        if self.inline:
            self.pending.append("<p>" + "".join(self.inline).strip() + "</p>")
            self.inline = []

    def flush(self):
        self.close_inline()
        html = WHITELISTER.clean("".join(self.pending)).strip()
        self.pending = []
        if BeautifulSoup(html, "html.parser").get_text(strip=True):
            self.result.blocks.append(("paragraph", html))

    def figure(self, img, caption=""):
        src = img.get("src", "")
        image = self.images(src)
        alt = " ".join((img.get("alt") or "").split())
        if image is None:
            self.result.notes.append(f"the picture {src[:120]} could not be read and was left out")
            if caption or alt:
                self.add(f"<p>{escape(caption or alt)}</p>", block=True)
            return
        self.flush()
        self.result.blocks.append(("figure", Figure(image, alt=alt, caption=" ".join(caption.split())[:300])))

    def heading(self, tag):
        text = " ".join(tag.get_text(" ").split())
        if not text:
            return
        self.flush()
        level = "h2" if tag.name in ("h1", "h2") else "h3"
        self.result.blocks.append(("heading", {"text": text[:200], "level": level}))

    def link_documents(self, tag):
        for link in tag.find_all("a") if isinstance(tag, Tag) else []:
            document = self.documents(link.get("href", ""))
            if document is not None:
                link.attrs = {"linktype": "document", "id": str(document.pk)}

    def visit(self, node):
        if isinstance(node, Comment):
            return
        if isinstance(node, NavigableString):
            if node.strip():
                self.add(escape(str(node)), block=False)
            return
        name = node.name
        if name in DROPPED_TAGS:
            self.result.notes.append(f"embedded <{name}> content was removed")
            return
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading(node)
        elif name == "img":
            self.figure(node)
        elif name == "figure":
            img = node.find("img")
            caption = node.find("figcaption")
            if img is not None:
                self.figure(img, caption.get_text(" ", strip=True) if caption else "")
            else:
                for child in list(node.children):
                    self.visit(child)
        elif name == "div" and node.get("data-gallery") is not None:
            ids = [part.strip() for part in node["data-gallery"].split(",") if part.strip()]
            for attachment_id in ids:
                image = self.gallery(attachment_id)
                if image is None:
                    self.result.notes.append(f"gallery picture {attachment_id[:20]} could not be read and was left out")
                else:
                    self.flush()
                    self.result.blocks.append(("figure", Figure(image, alt=image.title)))
        elif name in CONTAINER_TAGS and node.find(
            ("h1", "h2", "h3", "h4", "h5", "h6", "img", "p", "figure", "ul", "ol")
        ):
            for child in list(node.children):
                self.visit(child)
        elif isinstance(node, Tag) and node.find("img") is not None:
            # A picture inside a paragraph or link: the text around it stays, the picture becomes a figure.
            for img in node.find_all("img"):
                holder = img.parent if img.parent is not node and img.parent.name == "a" else img
                holder.extract()
                self.figure(img)
            self.link_documents(node)
            if node.get_text(strip=True):
                self.add(str(node), block=name in BLOCK_TAGS)
        else:
            self.link_documents(node)
            self.add(str(node), block=name in BLOCK_TAGS)


def convert(content, images=lambda src: None, documents=lambda href: None, gallery=lambda attachment_id: None):
    """``content`` (a post's HTML) as ``Converted`` blocks.

    ``images(src)`` and ``gallery(attachment id)`` return a Wagtail image or None;
    ``documents(href)`` returns the Wagtail document a link points at, or None.
    """
    notes = []
    content = GUTENBERG_COMMENT.sub("", content or "")
    content = autop(expand_shortcodes(content, notes))
    soup = BeautifulSoup(content, "html.parser")
    for dropped in soup.find_all(DROPPED_TAGS):
        notes.append(f"embedded <{dropped.name}> content was removed")
        dropped.decompose()
    builder = _Builder(images, documents, gallery)
    builder.result.notes.extend(notes)
    for node in list(soup.children):
        builder.visit(node)
    builder.flush()
    builder.result.notes = list(dict.fromkeys(builder.result.notes))
    return builder.result
