"""The experience report and the index that lists, filters and compares reports."""

from rest_framework import serializers

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import KeyFigureBlock
from core.facets import STATUSES
from core.languages import CONTENT_LANGUAGES
from core.models import ExternalIdMixin, NordicSlugMixin, TranslatedIntroMixin
from core.translation import translation_panels
from core.visibility import visible_pages
from experiences.api_fields import ContactField, NamesField

from .snippets import Municipality, NationalSolution, Network

EFFORT_BANDS = [
    ("low", _("Small: under one person-month")),
    ("medium", _("Medium: one to six person-months")),
    ("high", _("Large: six to 24 person-months")),
    ("very_high", _("Very large: over two person-years")),
]
SECTION_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]

# Sections in reading order; the comparison view walks the same list.
SECTIONS = [
    ("background", _("Background")),
    ("what_we_did", _("What we did")),
    ("what_worked", _("What worked")),
    ("what_did_not_work", _("What did not work")),
    ("advice", _("Advice to others")),
    ("results", _("Results")),
]


class ExperiencePageTag(TaggedItemBase):
    content_object = ParentalKey("experiences.ExperiencePage", related_name="tagged_items", on_delete=models.CASCADE)


class ExperiencePage(NordicSlugMixin, ExternalIdMixin, Page):
    summary = models.TextField(
        _("summary"), max_length=800, help_text=_("Two or three sentences: what you did and what came of it.")
    )
    language = models.CharField(
        _("content language"),
        max_length=2,
        choices=CONTENT_LANGUAGES,
        default="nb",
        help_text=_("The language this report is written in."),
    )
    municipalities = ParentalManyToManyField(Municipality, verbose_name=_("municipalities"), related_name="experiences")
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiences",
    )
    topics = ParentalManyToManyField(
        "experiences.Topic", verbose_name=_("topics"), blank=True, related_name="experiences"
    )
    tags = ClusterTaggableManager(through=ExperiencePageTag, blank=True, verbose_name=_("tags"))
    national_solutions = ParentalManyToManyField(
        NationalSolution, verbose_name=_("national solutions"), blank=True, related_name="experiences"
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default="completed")
    period_start = models.DateField(_("started"), null=True, blank=True)
    period_end = models.DateField(_("ended"), null=True, blank=True)
    effort = models.CharField(_("effort and cost"), max_length=10, choices=EFFORT_BANDS, blank=True)

    background = RichTextField(_("background"), blank=True, features=SECTION_FEATURES)
    what_we_did = RichTextField(_("what we did"), blank=True, features=SECTION_FEATURES)
    what_worked = RichTextField(_("what worked"), blank=True, features=SECTION_FEATURES)
    what_did_not_work = RichTextField(_("what did not work"), blank=True, features=SECTION_FEATURES)
    advice = RichTextField(_("advice to others"), blank=True, features=SECTION_FEATURES)
    results = RichTextField(_("results"), blank=True, features=SECTION_FEATURES)
    key_figures = StreamField([("figure", KeyFigureBlock())], blank=True, verbose_name=_("key figures"))

    # Personal data: shown to signed-in users only, never indexed, never in the public API.
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("background"),
        index.SearchField("what_we_did"),
        index.SearchField("what_worked"),
        index.SearchField("what_did_not_work"),
        index.SearchField("advice"),
        index.SearchField("results"),
        index.RelatedFields("municipalities", [index.SearchField("name", boost=2)]),
        index.RelatedFields("network", [index.SearchField("name", boost=2)]),
        index.RelatedFields("topics", [index.SearchField("name"), index.SearchField("name_sv")]),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("national_solutions", [index.SearchField("name", boost=2)]),
        index.FilterField("language"),
        index.FilterField("status"),
        index.FilterField("network_id"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("language"),
        APIField("status"),
        APIField("period_start"),
        APIField("period_end"),
        APIField("effort"),
        APIField("municipality_names", serializer=NamesField(source="municipalities")),
        APIField("network_name", serializer=NamesField(source="network")),
        APIField("topic_names", serializer=NamesField(source="topics")),
        APIField("tag_names", serializer=NamesField(source="tags")),
        APIField("national_solution_names", serializer=NamesField(source="national_solutions")),
        APIField("background"),
        APIField("what_we_did"),
        APIField("what_worked"),
        APIField("what_did_not_work"),
        APIField("advice"),
        APIField("results"),
        APIField("key_figures"),
        APIField("contact", serializer=ContactField(source="*")),
        # Municipalities that recorded "We reused this" (the feedback app's Reuse rows).
        APIField("reused_by_count", serializer=serializers.IntegerField(source="reuses.count", read_only=True)),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("network"),
                FieldRowPanel([FieldPanel("language"), FieldPanel("status"), FieldPanel("effort")]),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            ],
            heading=_("Who, when and how big"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("national_solutions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
        FieldPanel("background"),
        FieldPanel("what_we_did"),
        FieldPanel("what_worked"),
        FieldPanel("what_did_not_work"),
        FieldPanel("advice"),
        FieldPanel("results"),
        FieldPanel("key_figures"),
        InlinePanel("attachments", label=_("Attachments")),
        InlinePanel("related_links", label=_("Related experiences")),
    ]
    contact_panels = [
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")],
            heading=_("Contact person (shown to signed-in users only)"),
        )
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(contact_panels, heading=_("Contact")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )

    parent_page_types = ["experiences.ExperienceIndexPage"]
    subpage_types = []
    # Contributors may only add or remove their own municipalities, and act only on reports of
    # their municipalities: the accounts app sets ``base_form_class`` and this tester in its
    # AppConfig.ready, because accounts builds on experiences and cannot be imported from here.
    permission_tester_class = None

    class Meta:
        verbose_name = _("experience report")
        verbose_name_plural = _("experience reports")

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end date cannot be before the start date.")})
        if self.status == "planned" and self.period_end:
            raise ValidationError({"period_end": _("A planned project has no end date yet.")})

    def permissions_for_user(self, user):
        # Every admin page view asks this; contributors act only for their own municipalities.
        if self.permission_tester_class is None:
            raise ImproperlyConfigured("ExperiencePage.permission_tester_class is set by the accounts app.")
        return self.permission_tester_class(user, self)

    @property
    def sections(self):
        return [(name, label, getattr(self, name)) for name, label in SECTIONS if getattr(self, name)]

    @property
    def published_date(self):
        return self.first_published_at.date() if self.first_published_at else None

    def related_experiences(self, user=None):
        """The hand-picked related reports that are live and that ``user`` may see."""
        ids = [link.related_page_id for link in self.related_links.all()]
        visible = visible_pages(ExperiencePage.objects.live().filter(pk__in=ids), user).in_bulk()
        return [visible[pk] for pk in ids if pk in visible]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_contact"] = request.user.is_authenticated
        picked = self.related_experiences(request.user)
        context["picked_related"] = picked
        picked_ids = {page.pk for page in picked}
        context["similar_experiences"] = [
            page for page in similar_experiences(self, limit=6, user=request.user) if page.pk not in picked_ids
        ][:4]
        return context


def similar_experiences(page, limit, user):
    """Reports like ``page`` that ``user`` may see, from the finder the search app registers.

    Search builds on experiences (it indexes them), so experiences asks for similar reports
    through the ``find_similar_experiences`` hook instead of importing search.
    """
    for find in hooks.get_hooks("find_similar_experiences"):
        return find(page, limit=limit, user=user)
    return []


class ExperienceAttachment(Orderable):
    page = ParentalKey(ExperiencePage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("link text"), max_length=200, blank=True, help_text=_("Defaults to the document title."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def label(self):
        return self.title or self.document.title


class RelatedExperience(Orderable):
    page = ParentalKey(ExperiencePage, related_name="related_links", on_delete=models.CASCADE)
    related_page = models.ForeignKey(
        ExperiencePage, verbose_name=_("experience"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("related_page")]


class ExperienceIndexPage(RoutablePageMixin, TranslatedIntroMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")] + translation_panels(["title", "intro"])
    parent_page_types = ["home.HomePage"]
    subpage_types = ["experiences.ExperiencePage"]

    class Meta:
        verbose_name = _("experience index")

    def experiences(self, user=None):
        """Live reports under this index that ``user`` may see (None: public ones only)."""
        return visible_pages(ExperiencePage.objects.live().descendant_of(self), user)

    @path("")
    def index_route(self, request):
        from experiences.views import experience_list

        return experience_list(request, self)

    @path("sammenlign/")
    def compare_route(self, request):
        from experiences.views import compare

        return compare(request, self)

    @path("kommuner/")
    def municipality_list_route(self, request):
        from experiences.views import municipality_list

        return municipality_list(request, self)

    @path("kommune/<slug:slug>/")
    def municipality_route(self, request, slug):
        from experiences.views import paged_listing

        municipality = get_object_or_404(Municipality, slug=slug)
        experiences = (
            self.experiences(request.user)
            .filter(municipalities=municipality)
            .order_by("-first_published_at")
            .select_related("network")
            .prefetch_related("municipalities", "topics")
        )
        return paged_listing(
            request, self, "experiences/municipality_detail.html", experiences.distinct(), municipality=municipality
        )

    @path("nettverk/<slug:slug>/")
    def network_route(self, request, slug):
        from experiences.views import paged_listing

        network = get_object_or_404(Network, slug=slug)
        experiences = (
            self.experiences(request.user)
            .filter(network=network)
            .order_by("-first_published_at")
            .prefetch_related("municipalities", "topics")
        )
        return paged_listing(request, self, "experiences/network_detail.html", experiences, network=network)
