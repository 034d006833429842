"""What signed-in readers follow, how often they want a digest, and what each digest held."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

FREQUENCIES = [("daily", _("Daily")), ("weekly", _("Weekly")), ("off", _("No email"))]

# The four things a reader can follow, by the field on Follow and on ExperiencePage.
KINDS = {
    "topic": ("topic", "topics"),
    "municipality": ("municipality", "municipalities"),
    "network": ("network", "network"),
    "solution": ("solution", "national_solutions"),
}


class DigestSettings(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_settings")
    frequency = models.CharField(_("email digest"), max_length=6, choices=FREQUENCIES, default="weekly")
    language = models.CharField(
        _("email language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    created = models.DateTimeField(auto_now_add=True)
    # The digest covers experiences first published after this (or after `created`).
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest settings")
        verbose_name_plural = _("digest settings")

    def __str__(self):
        return f"{self.user} ({self.frequency})"


class Follow(models.Model):
    """One followed topic, municipality, network or national solution (exactly one is set)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    topic = models.ForeignKey("experiences.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "experiences.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        "experiences.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    solution = models.ForeignKey(
        "experiences.NationalSolution", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(topic__isnull=False, municipality__isnull=True, network__isnull=True, solution__isnull=True)
                    | Q(topic__isnull=True, municipality__isnull=False, network__isnull=True, solution__isnull=True)
                    | Q(topic__isnull=True, municipality__isnull=True, network__isnull=False, solution__isnull=True)
                    | Q(topic__isnull=True, municipality__isnull=True, network__isnull=True, solution__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            *[
                models.UniqueConstraint(
                    fields=["user", kind], condition=Q(**{f"{kind}__isnull": False}), name=f"follow_{kind}_once"
                )
                for kind in KINDS
            ],
        ]

    def __str__(self):
        return f"{self.user} → {self.target}"

    @property
    def kind(self):
        return next(kind for kind in KINDS if getattr(self, f"{kind}_id"))

    @property
    def target(self):
        return getattr(self, self.kind)


class DigestItem(models.Model):
    """An experience or news item already sent to a user, so no digest repeats it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="digest_item_once")]

    def __str__(self):
        return f"{self.user} ← {self.page_id}"


class SavedSearch(models.Model):
    """A search a signed-in reader follows: its text and facet filters, as on the search page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    query = models.CharField(_("search text"), max_length=500)
    # Facet name → chosen values, as search.params cleans them.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.user} → {self.query}"

    def search_url(self):
        from django.urls import reverse
        from django.utils.http import urlencode

        return reverse("search") + "?" + urlencode({"q": self.query, **self.filters}, doseq=True)
