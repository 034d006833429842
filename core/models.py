"""What every content app shares in its models: the import bookkeeping mixin."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.fields import RichTextField


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


class TranslatedTitleMixin(models.Model):
    """A structural page's title per UI language (see ``core.translation``)."""

    title_sv = models.CharField(_("title (Swedish)"), max_length=255, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def translated_title(self):
        from core.translation import translated

        return translated(self, "title")


class TranslatedIntroMixin(TranslatedTitleMixin):
    """A structural page with a short introduction per UI language as well."""

    intro_sv = RichTextField(_("introduction (Swedish)"), blank=True, features=["bold", "italic", "link"])
    intro_en = RichTextField(_("introduction (English)"), blank=True, features=["bold", "italic", "link"])

    class Meta:
        abstract = True
