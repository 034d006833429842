"""What people search for and which results they open, without personal data.

A ``SearchLog`` row is one search made on the search page: the normalised text, the UI
language, how many results it found, which engine answered and the active filters. A
``SearchClick`` row is one result opened from that search. Neither holds a user, an IP
address, a session or a user agent; ``search.insights.log_search`` also blanks out
e-mail addresses and long numbers (phone and national identity numbers) in the text.

These classes are re-exported from ``search.models`` (app label ``erfa_search``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_LOGGED_QUERY_LENGTH = 255
# The interface languages (settings.LANGUAGES), not the languages content is written in.
UI_LANGUAGES = settings.LANGUAGES


class SearchLog(models.Model):
    query = models.CharField(_("query"), max_length=MAX_LOGGED_QUERY_LENGTH)
    ui_language = models.CharField(_("UI language"), max_length=2, choices=UI_LANGUAGES)
    results = models.PositiveIntegerField(_("results"))
    engine = models.CharField(_("engine"), max_length=20)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        app_label = "erfa_search"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("search log entry")
        verbose_name_plural = _("search log")

    def __str__(self):
        return f"{self.query} ({self.results})"


class SearchClick(models.Model):
    log = models.ForeignKey(SearchLog, on_delete=models.CASCADE, related_name="clicks", verbose_name=_("search"))
    # Not a foreign key: the statistics outlive the page, and a deleted page must not fail a delete.
    page_id = models.BigIntegerField(_("page id"))
    position = models.PositiveIntegerField(_("position"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        app_label = "erfa_search"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("search result click")
        verbose_name_plural = _("search result clicks")

    def __str__(self):
        return f"{self.log_id} → page {self.page_id} (#{self.position})"
