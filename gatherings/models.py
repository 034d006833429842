"""Gatherings: the meetings, conferences and strategy days where networks meet, their
programme of sessions, the experience reports presented there, and who registered.

Who may see a gathering is Wagtail's privacy setting, as for every page (core/visibility.py):
a gathering under Privacy → "Private, accessible to logged-in users" is internal. The
gathering has no audience field of its own, so there is no second rule to keep in step.
"""

import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.languages import CONTENT_LANGUAGES
from core.models import NordicSlugMixin, TranslatedIntroMixin
from core.translation import translation_panels
from core.visibility import visible_pages

TIME_ZONES = [
    ("Europe/Oslo", _("Norway (Europe/Oslo)")),
    ("Europe/Stockholm", _("Sweden (Europe/Stockholm)")),
    ("Europe/Copenhagen", _("Denmark (Europe/Copenhagen)")),
    ("Europe/Helsinki", _("Finland (Europe/Helsinki)")),
]
INTRO_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class GatheringIndexPage(RoutablePageMixin, TranslatedIntroMixin, Page):
    """The calendar: upcoming and past gatherings, filtered, and the subscribable feeds."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")] + translation_panels(["title", "intro"])
    parent_page_types = ["home.HomePage"]
    subpage_types = ["gatherings.GatheringPage"]

    class Meta:
        verbose_name = _("gathering calendar")

    def gatherings(self, user=None):
        """Live gatherings under this calendar that ``user`` may see (None: public ones only)."""
        return visible_pages(GatheringPage.objects.live().descendant_of(self), user)

    @path("")
    def index_route(self, request):
        from .views import calendar

        return calendar(request, self)

    # Wagtail serves pages only at paths of words and slashes: no ".ics" in the address; the
    # Content-Disposition header names the file.
    @path("kalender/")
    def feed_route(self, request):
        from .views import calendar_feed

        return calendar_feed(request, self)

    @path("nettverk/<slug:slug>/kalender/")
    def network_feed_route(self, request, slug):
        from .views import calendar_feed

        return calendar_feed(request, self, network_slug=slug)


class GatheringPage(RoutablePageMixin, NordicSlugMixin, Page):
    language = models.CharField(
        _("content language"),
        max_length=2,
        choices=CONTENT_LANGUAGES,
        default="nb",
        help_text=_("The language the gathering's programme is written in."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        default="Europe/Oslo",
        help_text=_("Where the gathering takes place; times are shown and exported in this zone."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Venue and town."))
    online_url = models.URLField(_("online link"), blank=True, help_text=_("For a meeting held online or streamed."))
    networks = ParentalManyToManyField(
        "experiences.Network", verbose_name=_("organising networks"), blank=True, related_name="gatherings"
    )
    municipalities = ParentalManyToManyField(
        "experiences.Municipality",
        verbose_name=_("organising municipalities"),
        blank=True,
        related_name="organised_gatherings",
    )
    topics = ParentalManyToManyField("experiences.Topic", verbose_name=_("topics"), blank=True, related_name="+")
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit. When it is full, further registrations go on a waiting list."),
    )
    registration_open = models.BooleanField(
        _("open for registration"), default=True, help_text=_("Signed-in readers may register until it ends.")
    )

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("place"),
        index.RelatedFields(
            "sessions",
            [index.SearchField("title", boost=2), index.SearchField("description"), index.SearchField("track")],
        ),
        index.RelatedFields("networks", [index.SearchField("name", boost=2)]),
        index.RelatedFields("municipalities", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name"), index.SearchField("name_sv")]),
        index.FilterField("language"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("time_zone")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")]),
                FieldPanel("language"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("networks", widget=forms.CheckboxSelectMultiple),
                FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Organisers and topics"),
        ),
        FieldPanel("intro"),
        InlinePanel("sessions", label=_("Programme")),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_open")],
            heading=_("Registration"),
        ),
    ]

    parent_page_types = ["gatherings.GatheringIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("A gathering cannot end before it starts.")})

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    def accepts_registrations(self):
        return self.registration_open and not self.is_past

    def tracks(self):
        return sorted({session.track for session in self.sessions.all() if session.track})

    def presented_reports(self, user=None):
        """The live experience reports presented in the programme that ``user`` may see."""
        from experiences.models import ExperiencePage

        ids = [session.report_id for session in self.sessions.all() if session.report_id]
        visible = visible_pages(ExperiencePage.objects.live().filter(pk__in=ids), user).in_bulk()
        return list({pk: visible[pk] for pk in ids if pk in visible}.values())

    def participating_municipalities(self):
        """Municipalities taking part: organisers, speakers and those of confirmed registrations."""
        from experiences.models import Municipality

        return (
            Municipality.objects.filter(
                models.Q(organised_gatherings=self)
                | models.Q(gathering_sessions__page=self)
                | models.Q(gathering_registrations__gathering=self, gathering_registrations__waiting=False)
            )
            .distinct()
            .order_by("name")
        )

    def organiser_municipality_ids(self):
        """The municipalities that organise it: named ones and the members of its networks."""
        ids = set(self.municipalities.values_list("pk", flat=True))
        for network in self.networks.prefetch_related("members"):
            ids.update(member.pk for member in network.members.all())
        return ids

    def get_context(self, request, *args, **kwargs):
        from .registration import registration_counts, registration_of

        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = self.sessions.select_related("municipality", "slides", "report")
        context["presented_reports"] = self.presented_reports(request.user)
        context["participants"] = self.participating_municipalities()
        context["counts"] = registration_counts(self)
        context["my_registration"] = registration_of(self, request.user)
        from .organisers import is_organiser

        context["is_organiser"] = is_organiser(request.user, self)
        return context

    @path("kalender/")
    def ics_route(self, request):
        from .views import gathering_ics

        return gathering_ics(request, self)

    @path("pamelding/")
    def register_route(self, request):
        from .views import register

        return register(request, self)

    @path("avmelding/")
    def cancel_route(self, request):
        from .views import cancel

        return cancel(request, self)

    @path("deltakere/")
    def participants_route(self, request):
        from .views import participants_csv

        return participants_csv(request, self)


class Session(Orderable, ClusterableModel):
    """One item of the programme: a talk, a panel or a workshop in a track."""

    page = ParentalKey(GatheringPage, related_name="sessions", on_delete=models.CASCADE)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    track = models.CharField(
        _("track"), max_length=100, blank=True, help_text=_("A parallel track, e.g. “SvarUt” or “Plan og geodata”.")
    )
    speakers = models.CharField(
        _("speakers"),
        max_length=255,
        blank=True,
        help_text=_("Names, separated by commas; shown to signed-in readers only."),
    )
    municipality = models.ForeignKey(
        "experiences.Municipality",
        verbose_name=_("speakers' municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gathering_sessions",
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("slides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report = models.ForeignKey(
        "experiences.ExperiencePage",
        verbose_name=_("experience report presented"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gathering_sessions",
        help_text=_("The report this session presents; the report then lists this gathering."),
    )

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("track")]),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("speakers"), FieldPanel("municipality")]),
        FieldRowPanel([FieldPanel("slides"), FieldPanel("report")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title


class Registration(models.Model):
    """A signed-in reader's place at a gathering, or their place in the queue for one."""

    gathering = models.ForeignKey(
        GatheringPage, verbose_name=_("gathering"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="gathering_registrations",
    )
    municipality = models.ForeignKey(
        "experiences.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gathering_registrations",
    )
    waiting = models.BooleanField(_("on the waiting list"), default=False)
    created = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created", "pk"]
        constraints = [models.UniqueConstraint(fields=["gathering", "user"], name="one_registration_per_user")]

    def __str__(self):
        return f"{self.user} – {self.gathering}"
