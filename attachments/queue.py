"""Saving a document queues its text to be read: one row, nothing read in the request.

Uploading in the admin, replacing a file or an import saving a document all pass through
``post_save``; the worker (``attachments.extraction.extract_pending``) does the reading.
"""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.documents import get_document_model

from .models import AttachmentText
from .signals import text_changed
from .usage import pages_using


def queue(document):
    row, created = AttachmentText.objects.get_or_create(document=document)
    if created:
        return row
    if document.file_hash and document.file_hash == row.file_hash and row.status != AttachmentText.PENDING:
        # The same file (a new title or collection): nothing new to read.
        return row
    row.pages.all().delete()
    row.status, row.reason, row.queued_at = AttachmentText.PENDING, "", timezone.now()
    row.save(update_fields=["status", "reason", "queued_at"])
    return row


def on_document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue(instance)


def on_document_deleted(sender, instance, **kwargs):
    # Its text went with it (cascade); the pages that used it must lose it from the index too.
    text_changed.send(sender=sender, document_id=instance.pk, page_ids=pages_using(instance.pk))


def connect():
    post_save.connect(on_document_saved, sender=get_document_model(), dispatch_uid="erfa_attachments_queue")
    post_delete.connect(on_document_deleted, sender=get_document_model(), dispatch_uid="erfa_attachments_deleted")
