"""Reference data editors manage as snippets; every item keeps its revisions."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import RevisionMixin
from wagtail.search import index

from core.languages import COUNTRIES, COUNTRY_LANGUAGES
from core.text import nordic_slugify
from core.translation import translated


class RevisionedSnippet(RevisionMixin, index.Indexed, models.Model):
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(class)s")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def _free_slug(self):
        base = nordic_slugify(self.name)[:70] or self._meta.model_name
        slug, n = base, 2
        while type(self).objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def revisions(self):
        return self._revisions


class TranslatedName(models.Model):
    """A name readers see in their UI language: ``name`` in bokmål, siblings in sv and en."""

    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the current UI language, falling back to the bokmål name."""
        return translated(self, "name").text

    @property
    def translated_name(self):
        """The name with its language, for a ``lang`` attribute."""
        return translated(self, "name")

    def names(self):
        return [name for name in (self.name, self.name_sv, self.name_en) if name]


class Region(TranslatedName, RevisionedSnippet):
    """A Norwegian fylke or a Swedish län (shipped as data), or a region elsewhere."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    code = models.CharField(_("official code"), max_length=10, blank=True, help_text=_("Fylkesnummer or länskod."))
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("country")]

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="unique_region_per_country")]


class Municipality(RevisionedSnippet):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    number = models.CharField(
        _("official number"), max_length=10, blank=True, help_text=_("Kommunenummer or kommunkod, e.g. 5031.")
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="municipalities",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("country"),
        index.FilterField("region_id"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="unique_municipality_per_country")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.region_id and self.region.country != self.country:
            raise ValidationError({"region": _("The region must be in the municipality's country.")})


class Network(RevisionedSnippet, ClusterableModel):
    """A regional collaboration such as DiguT, eSamverkan or an e-råd."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    description = models.TextField(_("description"), blank=True)
    members = ParentalManyToManyField(Municipality, verbose_name=_("members"), blank=True, related_name="networks")

    search_fields = [
        index.SearchField("name"),
        index.SearchField("full_name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name

    @property
    def language(self):
        """The language of the network's own full name and description, for their ``lang``."""
        return COUNTRY_LANGUAGES.get(self.country, "")


class Topic(TranslatedName, RevisionedSnippet):
    """The shared taxonomy. Names are kept per UI language so one topic serves all."""

    name = models.CharField(_("name (bokmål)"), max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_sv"),
        index.SearchField("name_en"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class NationalSolution(TranslatedName, RevisionedSnippet):
    """A shared national building block: SvarUt, ID-porten, Mina meddelanden, …"""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("national solution")
        verbose_name_plural = _("national solutions")
