from django.db import models
from django.utils import timezone


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

    class Meta:
        ordering = ["pk"]
        verbose_name = "search index outbox entry"
        verbose_name_plural = "search index outbox"

    def __str__(self):
        return f"{self.reason} page {self.page_id}"
