"""Moving a WordPress blog into Erfa (``import_wordpress``).

Reads the export twice as a stream (``imports.wxr``): first the attachments (a small index of
ids and addresses, so a post can use a picture that comes later in the file), then the posts
and pages, each written in its own transaction. Without a mapping file published posts
become news items in the blog's language; a mapping (``imports.wordpress_mapping``) makes a
category's posts experience reports or guides of a municipality and network instead.

What happens to what:

- ``publish`` posts are published with their WordPress date; ``draft``, ``pending``,
  ``future`` and ``private`` posts become unpublished drafts; ``trash`` and auto-drafts are
  skipped. Categories and tags become tags.
- Each page keeps the post's GUID as ``external_id`` (``wordpress:<guid>``): importing the
  same export again updates the pages instead of duplicating them.
- The post's old address (the path of ``<link>``) and ``/?p=<id>`` redirect permanently to the
  new page (``wagtail.contrib.redirects``), so links in old newsletters keep working.
- Comments are counted for the report and never stored: they hold readers' names and
  addresses, which Erfa has no reason to keep. Authors are not stored either; a page is
  owned by the Erfa account with the author's e-mail address, if there is one.
- A bad item (no id, no title, a date that is not a date, characters no field may hold, an
  experience whose municipality cannot be found) is reported by its WordPress id and reason;
  the rest imports.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape

from wagtail.contrib.redirects.models import Redirect

from core.languages import CONTENT_LANGUAGE_CODES
from core.text import nordic_slugify
from experiences.models import ExperienceIndexPage, ExperiencePage, Municipality, Network
from home.models import HomePage
from imports.records import FORBIDDEN_CHARACTERS, LINE_BREAKS, validation_message
from imports.wordpress_html import Figure, convert
from imports.wordpress_mapping import Mapping
from imports.wordpress_media import Media
from imports.wxr import WxrItem, read_wxr
from news.models import NewsIndexPage, NewsItemPage
from wiki.models import GuidePage, WikiIndexPage

logger = logging.getLogger(__name__)

CONTENT_TYPES = ("post", "page")
DRAFT_STATUSES = ("draft", "pending", "future", "private")
SKIPPED_STATUSES = ("trash", "auto-draft", "inherit")
MODELS = {"news": NewsItemPage, "experience": ExperiencePage, "guide": GuidePage}
# WordPress writes languages as locales; Polylang as slugs. "no" is how many Norwegian blogs say bokmål.
LANGUAGE_ALIASES = {"no": "nb", "nb": "nb", "nn": "nn", "sv": "sv", "da": "da", "en": "en"}
MAX_TAG = 100
SUMMARY_LENGTH = 600


class ItemError(ValueError):
    """Why one item was not imported."""


@dataclass
class WordPressResult:
    created: int = 0
    updated: int = 0
    drafts: int = 0
    skipped: int = 0
    redirects: int = 0
    comments: int = 0
    errors: list = field(default_factory=list)  # (item label, reason)
    warnings: list = field(default_factory=list)  # sentences
    stopped: str = ""  # why reading stopped early, if it did

    @property
    def failed(self):
        return len(self.errors)


def content_language(code, fallback="nb"):
    """A WordPress locale (``nb-NO``, ``sv_SE``, ``no``) as one of Erfa's content languages."""
    base = (code or "").replace("_", "-").split("-")[0].lower()
    return LANGUAGE_ALIASES.get(base, fallback if base not in CONTENT_LANGUAGE_CODES else base)


def external_id(guid):
    value = f"wordpress:{guid}"
    if len(value) <= 120:
        return value
    return "wordpress:sha1:" + hashlib.sha1(guid.encode(), usedforsecurity=False).hexdigest()


def _check_text(value, name, single_line=False):
    bad = FORBIDDEN_CHARACTERS.search(value or "")
    if bad is not None:
        raise ItemError(f"its {name} holds the character U+{ord(bad.group()):04X}, which cannot be stored")
    if single_line and LINE_BREAKS.search(value or ""):
        value = " ".join(value.split())
    return value


def old_paths(item):
    """The addresses readers knew the post by: its permalink's path and ``/?p=<id>``."""
    paths = []
    parsed = urlparse(item.link or "")
    if parsed.path and parsed.path != "/" or parsed.query:
        paths.append(Redirect.normalise_path(parsed.path + (f"?{parsed.query}" if parsed.query else "")))
    if item.post_id:
        paths.append(Redirect.normalise_path(f"/?p={item.post_id}"))
    return [path for path in dict.fromkeys(paths) if len(path) <= 255]


class WordPressImporter:
    def __init__(self, *, mapping=None, base_dir=".", dry_run=False, user=None):
        self.mapping = mapping or Mapping(categories={})
        self.media = Media(base_dir, dry_run=dry_run)
        self.dry_run = dry_run
        self.user = user
        self.channel = None
        self.attachments = {}  # attachment id -> (url, title)
        self.children = {}  # post id -> [attachment ids]
        self.parents = {}  # (type, network name) -> index page
        self.owners = {}

    # -- the two passes ----------------------------------------------------
    def index_attachments(self, source, result):
        try:
            for item in read_wxr(source):
                if isinstance(item, WxrItem) and item.post_type == "attachment" and item.post_id:
                    self.attachments[item.post_id] = (item.attachment_url or item.guid, item.title)
                    if item.post_parent and item.post_parent != "0":
                        self.children.setdefault(item.post_parent, []).append(item.post_id)
                    url = item.attachment_url or item.guid
                    if not self.media.available(url):
                        result.warnings.append(self.media.not_found_message(url, f"Attachment {item.post_id}"))
        except ValueError:
            pass  # the second pass reports where the file breaks, after importing what comes before

    def run(self, source_path, progress=None):
        """Import every item of the export at ``source_path``; returns a ``WordPressResult``."""
        from imports.wxr import WxrError

        result = WordPressResult()
        with transaction.atomic():
            self.index_attachments(source_path, result)
            try:
                for item in read_wxr(source_path):
                    if not isinstance(item, WxrItem):
                        self.channel = item
                        continue
                    if progress is not None:
                        progress()
                    self.import_one(item, result)
            except WxrError as error:
                result.stopped = str(error)
            result.warnings.extend(self.media.problems)
            if self.dry_run:
                transaction.set_rollback(True)
        return result

    def import_one(self, item, result):
        if item.post_type not in CONTENT_TYPES:
            return  # attachments (used through the posts), menus, revisions, custom types
        if item.status in SKIPPED_STATUSES:
            result.skipped += 1
            return
        try:
            with transaction.atomic():
                outcome = self.import_item(item)
        except ItemError as error:
            result.errors.append((item.label, str(error)))
            return
        except ValidationError as error:
            result.errors.append((item.label, validation_message(error)))
            return
        except Exception as error:  # one item can never stop the blog; its transaction is rolled back
            logger.exception("WordPress %s failed unexpectedly", item.label)
            result.errors.append((item.label, f"unexpected error, nothing from it was saved: {error!r}"[:500]))
            return
        kind, redirects, draft, notes = outcome
        result.warnings.extend(f"{item.label}: {note}" for note in notes)
        setattr(result, kind, getattr(result, kind) + 1)
        result.drafts += draft
        result.redirects += redirects
        result.comments += item.comment_count

    # -- one item ------------------------------------------------------------
    def import_item(self, item):
        if not item.post_id.isdigit():
            raise ItemError("it has no numeric wp:post_id")
        title = _check_text(item.title, "title", single_line=True).strip()
        if not title:
            raise ItemError("it has no title")
        if len(title) > 255:
            raise ItemError("its title is longer than 255 characters")
        _check_text(item.content, "content")
        _check_text(item.excerpt, "excerpt")
        try:
            published = item.published()
        except ValueError as error:
            raise ItemError(str(error)) from None
        live = item.status == "publish"
        if live and published is None:
            raise ItemError("it is published but has no publication date")
        if item.status not in ("publish", *DRAFT_STATUSES):
            raise ItemError(f"its status “{item.status[:20]}” is not one WordPress exports for posts")

        rule = self.mapping.rule_for(item)
        language = rule.language or content_language(item.language or self.channel.language)
        key = external_id(item.guid or f"{self.channel.link}?p={item.post_id}")
        existing = self._existing(key, MODELS[rule.type])
        network = self._network(rule.network)
        converted = convert(
            item.content,
            images=lambda src: self.media.image(src),
            documents=lambda href: self.media.document(href, self._attachment_title(href)),
            gallery=lambda attachment_id: self._attachment_image(attachment_id),
        )
        self._attach_documents(item, converted)
        tags = self._tags(item)
        page = existing or MODELS[rule.type]()
        page.title = title
        page.external_id = key
        page.language = language
        summary = self._summary(item, converted)
        if rule.type == "news":
            page.intro = summary
            page.date = (published or self._now()).date()
            page.network = network
            page.body = self._stream(converted, figures=True)
            page.municipalities = self._municipalities(rule, language)
        elif rule.type == "experience":
            page.summary = summary or title
            page.network = network
            page.municipalities = self._municipalities(rule, language)
            page.what_we_did = self._html(converted)
            page.status = page.status or "completed"
        else:
            page.summary = summary or title
            page.body = self._stream(converted, figures=False) or [
                {"type": "paragraph", "value": f"<p>{escape(page.summary)}</p>"}
            ]
        if rule.type != "news" and any(kind == "figure" for kind, _value in converted.blocks):
            converted.notes.append("pictures are kept only in news items; this report or guide has none")
        page.tags.set(tags)
        parent = self._parent(rule.type, network)
        is_new = existing is None
        if is_new:
            page.slug = self._slug(parent, item, title)
            page.live = False
            page.owner = self._owner(item)
            parent.add_child(instance=page)
        if published is not None:
            page.first_published_at = published
        page.full_clean()
        revision = page.save_revision(user=self.user, log_action=True)
        redirects = 0
        if live:
            revision.publish(user=self.user)
            page.refresh_from_db()
            redirects = self._redirects(item, page)
        elif page.live:
            # Unpublished in WordPress since the last import: readers no longer see it here either.
            page.unpublish(user=self.user)
        return ("created" if is_new else "updated"), redirects, int(not live), converted.notes

    # -- helpers -------------------------------------------------------------
    def _now(self):
        from django.utils import timezone

        return timezone.now()

    def _existing(self, key, wanted):
        for model in MODELS.values():
            page = model.objects.filter(external_id=key).first()
            if page is not None:
                if model is not wanted:
                    raise ItemError(
                        f"it was imported before as a {model._meta.verbose_name}; the mapping now makes it a "
                        f"{wanted._meta.verbose_name}. Delete that page or keep the mapping as it was"
                    )
                return page
        return None

    def _network(self, name):
        if not name:
            return None
        found = Network.objects.filter(name__iexact=name).first()
        return found or Network.objects.create(name=name[:100])

    def _municipalities(self, rule, language):
        found = []
        for name in rule.municipalities:
            matches = list(Municipality.objects.filter(name__iexact=name))
            if len(matches) != 1:
                problem = "is not in Erfa" if not matches else "names municipalities in several countries"
                raise ItemError(f"the municipality “{name}” {problem}; add it under Reference data first")
            found.append(matches[0])
        return found

    def _parent(self, kind, network):
        cache_key = (kind, network.pk if network else None)
        if cache_key in self.parents:
            return self.parents[cache_key]
        if kind == "experience":
            parent = ExperienceIndexPage.objects.first()
        elif kind == "guide":
            parent = WikiIndexPage.objects.first()
        else:
            indexes = NewsIndexPage.objects.all()
            parent = (network and indexes.filter(network=network).first()) or indexes.filter(network=None).first()
            parent = parent or self._new_news_index()
        if parent is None:
            raise ItemError(f"there is no {'experience' if kind == 'experience' else 'wiki'} index to put it in")
        self.parents[cache_key] = parent
        return parent

    def _new_news_index(self):
        home = HomePage.objects.first()
        if home is None:
            raise ItemError("there is no home page to put a news index under; run setup_site first")
        index = NewsIndexPage(title="Nyheter", title_sv="Nyheter", title_en="News", slug="nyheter", live=False)
        home.add_child(instance=index)
        index.save_revision(user=self.user).publish(user=self.user)
        return index

    def _slug(self, parent, item, title):
        base = nordic_slugify(item.post_name or title)[:70] or f"innlegg-{item.post_id}"
        taken = set(parent.get_children().values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _owner(self, item):
        email = (self.channel.author_emails.get(item.creator) or "").strip()
        if not email:
            return None
        if email not in self.owners:
            self.owners[email] = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        return self.owners[email]

    def _tags(self, item):
        names = [name for name, _nicename in item.categories] + item.tags
        cleaned = []
        for name in names:
            name = " ".join(_check_text(name, "category or tag").split())
            if name and name.casefold() not in {c.casefold() for c in cleaned}:
                if len(name) > MAX_TAG:
                    raise ItemError(f"the category or tag “{name[:40]}…” is longer than {MAX_TAG} characters")
                cleaned.append(name)
        return cleaned

    def _summary(self, item, converted):
        excerpt = " ".join(convert(item.excerpt).text().split()) if item.excerpt.strip() else ""
        text = excerpt or converted.text()
        if len(text) <= SUMMARY_LENGTH:
            return text
        return text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"

    def _attachment_title(self, href):
        for url, title in self.attachments.values():
            if url == href:
                return title
        return ""

    def _attachment_image(self, attachment_id):
        url, title = self.attachments.get(attachment_id, ("", ""))
        return self.media.image(url, title) if url else None

    def _attach_documents(self, item, converted):
        """Documents uploaded to the post but not linked in its text are listed at its end."""
        linked = {value for kind, value in converted.blocks if kind == "paragraph"}
        for attachment_id in self.children.get(item.post_id, []):
            url, title = self.attachments[attachment_id]
            document = self.media.document(url, title)
            if document is not None and not any(f'id="{document.pk}"' in html for html in linked):
                converted.blocks.append(("document", {"document": document.pk, "label": title[:255]}))

    def _stream(self, converted, figures):
        stream = []
        for kind, value in converted.blocks:
            if kind == "figure":
                if figures:
                    stream.append({"type": "figure", "value": self._figure(value)})
            else:
                stream.append({"type": kind, "value": value})
        return stream

    def _figure(self, figure: Figure):
        return {
            "image": {"image": figure.image.pk, "alt_text": figure.alt[:255], "decorative": not figure.alt},
            "caption": figure.caption,
        }

    def _html(self, converted):
        parts = []
        for kind, value in converted.blocks:
            if kind == "heading":
                parts.append(f"<h3>{escape(value['text'])}</h3>")
            elif kind == "paragraph":
                parts.append(value)
            elif kind == "document":
                parts.append(f'<p><a linktype="document" id="{value["document"]}">{escape(value["label"])}</a></p>')
        return "".join(parts)

    def _redirects(self, item, page):
        made = 0
        for path in old_paths(item):
            if path.rstrip("/") == (page.url or "").rstrip("/"):
                continue
            Redirect.objects.update_or_create(
                old_path=path, site=None, defaults={"redirect_page": page, "is_permanent": True}
            )
            made += 1
        return made
