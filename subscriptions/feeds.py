"""RSS and Atom feeds of the newest experience reports, overall and per topic, tag,
municipality, network and national solution; and of the news, overall and per network.

Only live pages without view restrictions appear; items carry the title, summary,
municipalities and topics, never the contact person.
"""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from taggit.models import Tag

from core.urls import absolute_url, page_url
from core.visibility import visible_pages
from experiences.models import ExperienceIndexPage, ExperiencePage
from news.models import NewsIndexPage, NewsItemPage

from .follows import MODELS

FEED_SIZE = 30

# kind in the URL → (how to find the object, the ExperiencePage filter, the index filter name)
SCOPES = {
    "topic": ("topics", "topic"),
    "municipality": ("municipalities", "municipality"),
    "network": ("network", "network"),
    "solution": ("national_solutions", "solution"),
    "tag": ("tags", "tag"),
}


class Scope:
    def __init__(self, kind=None, obj=None, path="/"):
        self.kind, self.obj, self.path = kind, obj, path

    @property
    def name(self):
        if self.obj is None:
            return ""
        return getattr(self.obj, "label", None) or self.obj.name

    def filter(self, pages):
        if self.kind is None:
            return pages
        return pages.filter(**{SCOPES[self.kind][0]: self.obj}).distinct()

    def index_query(self):
        if self.kind is None:
            return ""
        value = self.obj.name if self.kind == "tag" else self.obj.slug
        return "?" + urlencode({SCOPES[self.kind][1]: value})


def find_scope(kind=None, slug=None):
    if kind is None:
        return Scope()
    if kind not in SCOPES:
        raise Http404
    model = Tag if kind == "tag" else MODELS[kind]
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        raise Http404(_("Nothing with that name has a feed."))
    return Scope(kind, obj)


class ExperienceRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, kind=None, slug=None):
        scope = find_scope(kind, slug)
        scope.path = request.path
        return scope

    def feed_url(self, scope):
        return absolute_url(scope.path)

    def title(self, scope):
        if scope.kind is None:
            return _("Newest experiences – Erfa")
        return _("Newest experiences: %(name)s – Erfa") % {"name": scope.name}

    def description(self, scope):
        return _("Experience reports Nordic municipalities shared on Erfa, newest first.")

    # Links are absolute on the configured base URL (core.urls), not on the request's host.
    def link(self, scope):
        index = visible_pages(ExperienceIndexPage.objects.live()).first()
        url = page_url(index) if index is not None else None
        if url is None:  # no index, or one outside every site
            return absolute_url("/")
        return url + scope.index_query()

    def items(self, scope):
        # No user: feed readers fetch without a session, and feeds get passed on.
        pages = scope.filter(visible_pages(ExperiencePage.objects.live()))
        return (
            pages.order_by("-first_published_at")
            .select_related("network")
            .prefetch_related("municipalities", "topics")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return page_url(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        # The municipalities, never the contact person.
        return ", ".join(municipality.name for municipality in item.municipalities.all())

    def item_categories(self, item):
        return [topic.label for topic in item.topics.all()]


class ExperienceAtomFeed(ExperienceRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)


class NewsRssFeed(Feed):
    """Network newsletters and announcements, overall or for one network; public items only."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, slug=None):
        network = None
        if slug is not None:
            network = MODELS["network"].objects.filter(slug=slug).first()
            if network is None:
                raise Http404(_("Nothing with that name has a feed."))
        return Scope("network" if network else None, network, request.path)

    def feed_url(self, scope):
        return absolute_url(scope.path)

    def title(self, scope):
        if scope.kind is None:
            return _("News – Erfa")
        return _("News: %(name)s – Erfa") % {"name": scope.name}

    def description(self, scope):
        return _("Newsletters and announcements from the networks on Erfa, newest first.")

    def link(self, scope):
        indexes = visible_pages(NewsIndexPage.objects.live())
        index = (indexes.filter(network=scope.obj).first() if scope.obj else None) or indexes.first()
        url = page_url(index) if index is not None else None
        return url or absolute_url("/")

    def items(self, scope):
        # The one visibility rule, for an anonymous reader: feeds are fetched without a session.
        pages = visible_pages(NewsItemPage.objects.live())
        if scope.obj is not None:
            pages = pages.filter(network=scope.obj)
        return pages.order_by("-date", "-first_published_at").select_related("network")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return page_url(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        # The network, never the person who wrote the post.
        return item.network.name if item.network else None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)
