"""Reading a WordPress export (WXR: RSS 2.0 with WordPress's own elements), as a stream.

The file is read with ``iterparse`` and each ``<item>`` is dropped from the tree once it has
been turned into a ``WxrItem``, so a blog of any size is read in about the memory of one post.
Elements are matched by their local names: WXR 1.0, 1.1 and 1.2 differ only in the
namespace URI of ``wp:``. ``defusedxml`` refuses entity declarations, so an export cannot
expand into gigabytes (the "billion laughs") or read local files through external entities.
"""

import datetime
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

SIMPLE_FIELDS = (
    "title",
    "link",
    "guid",
    "post_id",
    "post_date",
    "post_date_gmt",
    "status",
    "post_type",
    "post_parent",
    "post_name",
    "attachment_url",
)


class WxrError(ValueError):
    """The file cannot be read as a WordPress export; nothing after this point was read."""


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    language: str = ""
    # login -> e-mail, held in memory only to find an existing account to own the pages.
    author_emails: dict = field(default_factory=dict)


@dataclass
class WxrItem:
    post_id: str = ""
    guid: str = ""
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    pub_date: str = ""
    status: str = ""
    post_type: str = ""
    post_parent: str = ""
    post_name: str = ""
    attachment_url: str = ""
    categories: list = field(default_factory=list)  # (name, nicename)
    tags: list = field(default_factory=list)
    language: str = ""  # Polylang's language taxonomy, when the blog had one
    comment_count: int = 0

    @property
    def label(self):
        """How reports name the item: its WordPress id, and its title when it has one."""
        ident = f"item {self.post_id}" if self.post_id else "item without wp:post_id"
        return f"{ident} ({self.title[:60]})" if self.title else ident

    def published(self):
        """The publication time (UTC) from ``wp:post_date_gmt``, else ``wp:post_date``; None if unset."""
        for value in (self.post_date_gmt, self.post_date):
            value = (value or "").strip()
            if not value or value.startswith("0000-00-00"):
                continue
            try:
                moment = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                raise ValueError(f"the publication date “{value[:40]}” is not a date and time") from None
            return moment.replace(tzinfo=datetime.UTC)
        return None


def local(tag):
    return tag.rsplit("}", 1)[-1]


def _namespace(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _text(element):
    return (element.text or "").strip()


def _item(element):
    item = WxrItem()
    for child in element:
        name, namespace = local(child.tag), _namespace(child.tag)
        if name == "encoded":
            if "excerpt" in namespace:
                item.excerpt = child.text or ""
            else:
                item.content = child.text or ""
        elif name == "category":
            domain, text = child.get("domain", "category"), _text(child)
            nicename = child.get("nicename", "")
            if domain == "category":
                item.categories.append((text, nicename))
            elif domain == "post_tag":
                item.tags.append(text)
            elif domain == "language":
                item.language = nicename or text
        elif name == "comment":
            approved = next((_text(c) for c in child if local(c.tag) == "comment_approved"), "1")
            # Spam and trashed comments are not part of the conversation; they are not counted.
            if approved == "1":
                item.comment_count += 1
        elif name == "creator":
            item.creator = _text(child)
        elif name == "pubDate":
            item.pub_date = _text(child)
        elif name in SIMPLE_FIELDS:
            setattr(item, name, _text(child))
    return item


def read_wxr(source):
    """Yield the ``Channel`` (once, before the first item) and then each ``WxrItem`` of ``source``.

    ``source`` is a path or a binary file. Raises ``WxrError`` for a file that is not a WordPress
    export or stops being well-formed XML; the items before that point have been yielded.
    """
    channel = Channel()
    channel_element = None
    depth = 0
    announced = False
    saw_rss = False
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=False):
            name = local(element.tag)
            if event == "start":
                depth += 1
                if depth == 1:
                    saw_rss = name == "rss"
                    if not saw_rss:
                        raise WxrError("This is not a WordPress export (WXR): its root element is not <rss>.")
                elif depth == 2 and name == "channel":
                    channel_element = element
                continue
            depth -= 1
            if depth == 2 and name == "item":
                if not announced:
                    announced = True
                    yield channel
                yield _item(element)
                element.clear()
                if channel_element is not None:
                    channel_element.remove(element)
            elif depth == 2 and name in ("title", "link", "language"):
                setattr(channel, name, _text(element))
            elif depth == 2 and name == "author":
                fields = {local(child.tag): _text(child) for child in element}
                if fields.get("author_login"):
                    channel.author_emails[fields["author_login"]] = fields.get("author_email", "")
                element.clear()
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise WxrError(
            f"The file is not well-formed XML at line {line}, column {column + 1}; nothing after that was read."
        ) from None
    except DefusedXmlException:
        raise WxrError("The file declares XML entities, which an export never needs; it was not read.") from None
    if not saw_rss:
        raise WxrError("This is not a WordPress export (WXR): the file is empty.")
    if not announced:
        yield channel


def count_items(source):
    """How many ``<item>`` elements ``source`` holds, read as a stream (for the progress bar)."""
    count = 0
    ancestors = []
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=False):
            if event == "start":
                ancestors.append(element)
                continue
            ancestors.pop()
            if local(element.tag) == "item":
                count += 1
                element.clear()
                if ancestors:
                    ancestors[-1].remove(element)
    except (ParseError, DefusedXmlException):
        pass  # read_wxr reports it, with the items before it
    return count
