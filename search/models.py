from django.db import models
from django.utils import timezone

from core.languages import CONTENT_LANGUAGE_CODES

from .insight_models import SearchClick, SearchLog  # noqa: F401  (models of this app, defined apart)


class IndexOutbox(models.Model):
    """A page whose engine document must be brought up to date.

    Rows are written in the same transaction as the change (publish, unpublish, move,
    delete, privacy), so a change that committed is never forgotten, and are removed only
    once the engine has taken the new state. What to write is read from the database at
    that moment, so replaying a row is always safe.
    """

    page_id = models.BigIntegerField(db_index=True)  # not a foreign key: deletes must outlive the page
    reason = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    # Which apply_outbox call took the row (search/indexing.py), so two processes never apply one change twice.
    claim = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "search index outbox entry"
        verbose_name_plural = "search index outbox"

    def __str__(self):
        return f"{self.reason} page {self.page_id}"


class Equivalence(models.Model):
    """Words that mean the same across the Nordic languages, for cross-language search.

    Editors manage these in the admin; a query containing any of the terms also looks
    for the others (ranked below matches of the words actually typed).
    """

    terms = models.TextField(
        "terms",
        help_text=(
            "Comma-separated words or short phrases that mean the same, each optionally tagged with "
            "its language, e.g. “søknad:nb, søknad:nn, ansökan:sv, ansøgning:da, application:en”."
        ),
    )
    note = models.CharField("note", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = "equivalent terms"
        verbose_name_plural = "equivalent terms"

    def __str__(self):
        return ", ".join(term for term, _language in self.parsed_terms())

    def parsed_terms(self):
        return parse_terms(self.terms)

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.parsed_terms()) < 2:
            raise ValidationError({"terms": "Give at least two terms, separated by commas."})


LANGUAGE_TAGS = set(CONTENT_LANGUAGE_CODES)


def parse_terms(text):
    """“søknad:nb, ansökan:sv” → [("søknad", "nb"), ("ansökan", "sv")]; the tag is optional."""
    terms = []
    for raw in text.replace("\n", ",").split(","):
        raw = " ".join(raw.split()).lower()
        if not raw:
            continue
        term, _sep, language = raw.rpartition(":")
        if not term or language not in LANGUAGE_TAGS:
            term, language = raw, None
        if (term, language) not in terms:
            terms.append((term, language))
    return terms


class Embedding(models.Model):
    """A page's meaning as a vector, for hybrid search and similar reports.

    Computed once per change of the embedded text (``text_hash``), never at query time:
    a republish or a rebuild with the same text reuses the stored vector.
    """

    page_id = models.BigIntegerField(unique=True)  # not a foreign key, like the outbox
    text_hash = models.CharField(max_length=64, db_index=True)
    version = models.CharField(max_length=200)  # search.documents.version_of when embedded
    audience = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    vector = models.BinaryField()  # float16, L2-normalised
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "search embedding"

    def __str__(self):
        return f"embedding of page {self.page_id}"
