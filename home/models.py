"""The home page, the root of the site's page tree, and the plain information pages under it.

The home page shows the newest reports, themes and counts per region and topic, so this app
builds on experiences and wiki; nothing below it imports it."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.models import TranslatedIntroMixin, TranslatedTitleMixin
from core.translation import translation_panels
from core.visibility import visible_pages
from experiences.models import ExperienceIndexPage, ExperiencePage, Region, Topic
from wiki.models import ThemePage


class HomePage(TranslatedIntroMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], help_text=_("Shown under the site title."))

    content_panels = Page.content_panels + [FieldPanel("intro")] + translation_panels(["title", "intro"])

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "experiences.ExperienceIndexPage",
        "wiki.WikiIndexPage",
        "wiki.ThemeIndexPage",
        "gatherings.GatheringIndexPage",
        "news.NewsIndexPage",
        "home.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        experiences = visible_pages(ExperiencePage.objects.live(), request.user)
        context["newest_experiences"] = (
            experiences.order_by("-first_published_at")
            .select_related("network")
            .prefetch_related("municipalities", "topics")[:6]
        )
        context["themes"] = visible_pages(ThemePage.objects.live(), request.user).order_by("title")[:8]
        experience_ids = experiences.values("pk")
        context["region_counts"] = (
            Region.objects.annotate(
                experience_count=Count(
                    "municipalities__experiences",
                    filter=Q(municipalities__experiences__in=experience_ids),
                    distinct=True,
                )
            )
            .filter(experience_count__gt=0)
            .order_by("-experience_count", "name")
        )
        context["topic_counts"] = (
            Topic.objects.annotate(
                experience_count=Count("experiences", filter=Q(experiences__in=experience_ids), distinct=True)
            )
            .filter(experience_count__gt=0)
            .order_by("-experience_count")
        )
        context["experience_count"] = experiences.count()
        context["experience_index"] = ExperienceIndexPage.objects.live().first()
        return context


BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class StandardPage(TranslatedTitleMixin, Page):
    """Plain information pages: about Erfa, how to contribute, accessibility statement."""

    body = RichTextField(features=BODY_FEATURES)
    body_sv = RichTextField(_("body (Swedish)"), blank=True, features=BODY_FEATURES)
    body_en = RichTextField(_("body (English)"), blank=True, features=BODY_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("body")] + translation_panels(["title", "body"])
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("standard page")
