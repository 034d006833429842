"""The wiki: a tree of guides under an index, and editor-curated theme hubs."""

import datetime

from dateutil.relativedelta import relativedelta

from django import forms
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BodyBlock, table_of_contents
from core.languages import CONTENT_LANGUAGES
from core.models import ExternalIdMixin
from core.params import ascii_int
from core.visibility import visible_pages
from experiences.api_fields import NamesField


class WikiIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["wiki.GuidePage"]
    max_count = 1

    class Meta:
        verbose_name = _("wiki index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = visible_pages(GuidePage.objects.live(), request.user)
        guides = list(visible.child_of(self).order_by("title"))
        context["guides"] = guides
        children = {}
        for child in visible.filter(depth=self.depth + 2, path__startswith=self.path).order_by("path"):
            children.setdefault(child.path[: -GuidePage.steplen], []).append(child)
        context["guide_entries"] = [(guide, children.get(guide.path, [])) for guide in guides]
        context["overdue_count"] = sum(1 for guide in visible if guide.needs_review)
        return context


class GuidePageTag(TaggedItemBase):
    content_object = ParentalKey("wiki.GuidePage", related_name="tagged_items", on_delete=models.CASCADE)


class GuidePage(RoutablePageMixin, ExternalIdMixin, Page):
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences: what this guide helps with.")
    )
    language = models.CharField(_("content language"), max_length=2, choices=CONTENT_LANGUAGES, default="nb")
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    topics = ParentalManyToManyField("experiences.Topic", verbose_name=_("topics"), blank=True, related_name="guides")
    tags = ClusterTaggableManager(through=GuidePageTag, blank=True, verbose_name=_("tags"))
    owner_name = models.CharField(
        _("guide owner"),
        max_length=120,
        blank=True,
        help_text=_("The person responsible for keeping this guide right."),
    )
    owner_email = models.EmailField(_("guide owner's email"), blank=True, help_text=_("Shown to signed-in users only."))
    last_reviewed = models.DateField(_("last reviewed"), default=datetime.date.today)
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"), default=12, help_text=_("The guide is marked “needs review” after this long.")
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name"), index.SearchField("name_sv")]),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("language"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("language"),
        APIField("body"),
        APIField("topic_names", serializer=NamesField(source="topics")),
        APIField("tag_names", serializer=NamesField(source="tags")),
        APIField("owner_name"),
        APIField("last_reviewed"),
        APIField("review_interval_months"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("language"), FieldPanel("topics", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("owner_name"), FieldPanel("owner_email")]),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("review_interval_months")]),
            ],
            heading=_("Ownership and review"),
        ),
    ]

    parent_page_types = ["wiki.WikiIndexPage", "wiki.GuidePage"]
    subpage_types = ["wiki.GuidePage"]

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    @property
    def review_due(self):
        return self.last_reviewed + relativedelta(months=self.review_interval_months)

    @property
    def needs_review(self):
        return self.review_due < timezone.localdate()

    @property
    def table_of_contents(self):
        return table_of_contents(self.body)

    def breadcrumbs(self):
        return self.get_ancestors().live().filter(depth__gt=1).specific()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_guides"] = visible_pages(GuidePage.objects.live().child_of(self), request.user)
        context["show_owner_email"] = request.user.is_authenticated
        return context

    @path("")
    def guide_route(self, request):
        return self.serve_page(request)

    def serve_page(self, request):
        return TemplateResponse(request, self.get_template(request), self.get_context(request))

    @path("historikk/")
    def history_route(self, request):
        from wiki.history import published_versions

        old, new = ascii_int(request.GET.get("old", "")), ascii_int(request.GET.get("new", ""))
        if old is not None and new is not None:
            # The version picker works without JavaScript: the form GETs here.
            return redirect(self.url + self.reverse_subpage("compare_route", args=(old, new)))

        return TemplateResponse(
            request,
            "wiki/guide_history.html",
            {"page": self, "versions": published_versions(self)},
        )

    @path("historikk/<int:old_id>/<int:new_id>/")
    def compare_route(self, request, old_id, new_id):
        from wiki.history import RevisionNotPublic, compare_versions

        try:
            comparison = compare_versions(self, old_id, new_id)
        except RevisionNotPublic as error:
            raise Http404(str(error)) from error
        return TemplateResponse(request, "wiki/guide_compare.html", {"page": self, "comparison": comparison})


class ThemeIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["wiki.ThemePage"]
    max_count = 1

    class Meta:
        verbose_name = _("theme index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = visible_pages(ThemePage.objects.live().child_of(self), request.user).order_by("title")
        return context


class ThemePageTag(TaggedItemBase):
    content_object = ParentalKey("wiki.ThemePage", related_name="tagged_items", on_delete=models.CASCADE)


class ThemePage(Page):
    intro = RichTextField(_("introduction"), features=["h3", "bold", "italic", "ol", "ul", "link"])
    language = models.CharField(_("content language"), max_length=2, choices=CONTENT_LANGUAGES, default="nb")
    topics = ParentalManyToManyField(
        "experiences.Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="themes",
        help_text=_("New content with any of these topics appears on the theme automatically."),
    )
    tags = ClusterTaggableManager(
        through=ThemePageTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("New content with any of these tags appears on the theme automatically."),
    )

    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("language")]
    api_fields = [
        APIField("intro"),
        APIField("language"),
        APIField("topic_names", serializer=NamesField(source="topics")),
        APIField("tag_names", serializer=NamesField(source="tags")),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("language"),
        MultiFieldPanel(
            [FieldPanel("topics", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading=_("What appears automatically"),
        ),
        InlinePanel("picked_experiences", label=_("Hand-picked experiences")),
        InlinePanel("picked_guides", label=_("Hand-picked guides")),
    ]

    parent_page_types = ["wiki.ThemeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("theme")

    AUTOMATIC_LIMIT = 10

    def newest_matching(self, user=None):
        """Newest live experiences and guides ``user`` may see carrying one of the theme's topics or tags."""
        from experiences.models import ExperiencePage

        topic_ids = list(self.topics.values_list("pk", flat=True))
        tag_names = list(self.tags.values_list("name", flat=True))
        if not topic_ids and not tag_names:
            return []
        matches = Q(topics__in=topic_ids) | Q(tags__name__in=tag_names)
        picked = {link.page_id for link in self.picked_experiences.all()} | {
            link.page_id for link in self.picked_guides.all()
        }
        pages = []
        for model in (ExperiencePage, GuidePage):
            queryset = visible_pages(model.objects.live(), user).filter(matches).exclude(pk__in=picked).distinct()
            pages.extend(queryset.order_by("-first_published_at")[: self.AUTOMATIC_LIMIT])
        pages.sort(key=lambda page: page.first_published_at, reverse=True)
        return pages[: self.AUTOMATIC_LIMIT]

    @staticmethod
    def _visible_picks(links, user):
        """Picked pages in the editor's order, leaving out drafts and those ``user`` may not see."""
        links = list(links)
        if not links:
            return []
        model = links[0]._meta.get_field("page").related_model
        ids = [link.page_id for link in links]
        visible = visible_pages(model.objects.live().filter(pk__in=ids), user).in_bulk()
        return [visible[pk] for pk in ids if pk in visible]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["picked_experiences"] = self._visible_picks(self.picked_experiences.all(), request.user)
        context["picked_guides"] = self._visible_picks(self.picked_guides.all(), request.user)
        context["newest"] = self.newest_matching(request.user)
        return context


class ThemeExperience(Orderable):
    theme = ParentalKey(ThemePage, related_name="picked_experiences", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "experiences.ExperiencePage", verbose_name=_("experience"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("page")]


class ThemeGuide(Orderable):
    theme = ParentalKey(ThemePage, related_name="picked_guides", on_delete=models.CASCADE)
    page = models.ForeignKey(GuidePage, verbose_name=_("guide"), on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("page")]
