"""Pieces every content app shares: the home page and the import bookkeeping mixin."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .visibility import visible_pages


class ExternalIdMixin(models.Model):
    """A stable id from an import file, so re-importing updates instead of duplicating."""

    external_id = models.CharField(
        max_length=120,
        blank=True,
        db_index=True,
        help_text=_("Set by bulk import; leave empty for pages written here."),
    )

    exclude_fields_in_copy = ["external_id"]

    class Meta:
        abstract = True


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], help_text=_("Shown under the site title."))

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "experiences.ExperienceIndexPage",
        "wiki.WikiIndexPage",
        "wiki.ThemeIndexPage",
        "core.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from experiences.models import ExperienceIndexPage, ExperiencePage, Region, Topic
        from wiki.models import ThemePage

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


class StandardPage(Page):
    """Plain information pages: about Erfa, how to contribute, accessibility statement."""

    body = RichTextField(features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"])

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["core.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("standard page")


class PublicMedia(models.Model):
    """An editor's decision that a document or image is public although no public page uses it.

    A file is otherwise shown to a reader only through a live page that reader may open (see
    ``core.visibility.visible_media``). Kept beside Wagtail's own models rather than as a field
    on a custom document or image model, so the media models need not be swapped.
    """

    document = models.OneToOneField(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    image = models.OneToOneField(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public file")
        verbose_name_plural = _("public files")
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False, image__isnull=True) | Q(document__isnull=True, image__isnull=False),
                name="public_media_one_file",
            )
        ]

    def __str__(self):
        return str(self.document or self.image)
