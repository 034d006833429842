"""News items (network newsletters and announcements) and the index that lists them.

An index belongs to one network or to the whole site; its items carry the network (and any
municipalities) themselves, so feeds, digests and search can filter them like reports.
Readers see what ``core.visibility`` lets them, here as everywhere.
"""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.languages import CONTENT_LANGUAGES
from core.models import ExternalIdMixin, NordicSlugMixin, TranslatedIntroMixin
from core.params import ascii_int
from core.translation import translation_panels
from core.visibility import visible_pages
from experiences.api_fields import NamesField
from experiences.models import Municipality, Network

from .blocks import NewsBodyBlock

ITEMS_PER_PAGE = 20


class NewsIndexPage(TranslatedIntroMixin, Page):
    """News of one network (its newsletter) or of the whole site."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_indexes",
        help_text=_("Leave empty for the site's own news. New items here belong to this network."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("network")]
    content_panels += translation_panels(["title", "intro"])
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsItemPage"]

    class Meta:
        verbose_name = _("news index")

    def items(self, user=None):
        """Live items under this index that ``user`` may see (None: public ones), newest first."""
        pages = visible_pages(NewsItemPage.objects.live().descendant_of(self), user)
        return pages.order_by("-date", "-first_published_at").select_related("network")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.items(request.user), ITEMS_PER_PAGE)
        # A page number that is not a number, or past the end, shows the nearest page.
        context["page_obj"] = paginator.get_page(ascii_int(request.GET.get("page", "")) or 1)
        return context


class NewsItemPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsItemPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsItemPage(NordicSlugMixin, ExternalIdMixin, Page):
    date = models.DateField(_("date"), default=datetime.date.today, help_text=_("The date the news is from."))
    intro = models.TextField(
        _("introduction"), max_length=800, blank=True, help_text=_("One or two sentences shown in lists and feeds.")
    )
    body = StreamField(NewsBodyBlock(), blank=True, verbose_name=_("body"))
    language = models.CharField(
        _("content language"),
        max_length=2,
        choices=CONTENT_LANGUAGES,
        default="nb",
        help_text=_("The language this item is written in."),
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
    )
    municipalities = ParentalManyToManyField(
        Municipality, verbose_name=_("municipalities"), blank=True, related_name="news_items"
    )
    tags = ClusterTaggableManager(through=NewsItemPageTag, blank=True, verbose_name=_("tags"))

    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
        index.RelatedFields("network", [index.SearchField("name", boost=2)]),
        index.RelatedFields("municipalities", [index.SearchField("name", boost=2)]),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("language"),
        index.FilterField("network_id"),
    ]

    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("language"),
        APIField("body"),
        APIField("network_name", serializer=NamesField(source="network")),
        APIField("municipality_names", serializer=NamesField(source="municipalities")),
        APIField("tag_names", serializer=NamesField(source="tags")),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("language")]),
                FieldPanel("network"),
                FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    @property
    def summary(self):
        # Search results, feeds and digests show a summary for every page type.
        return self.intro

    def full_clean(self, *args, **kwargs):
        # An item written in a network's newsletter belongs to that network unless told otherwise.
        if self.network_id is None and self.path:
            parent = self.get_parent()
            index_page = parent.specific if parent is not None else None
            if isinstance(index_page, NewsIndexPage) and index_page.network_id:
                self.network_id = index_page.network_id
        super().full_clean(*args, **kwargs)
