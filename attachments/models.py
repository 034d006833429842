"""The text read from a document (PDF, DOCX, ODT), kept beside Wagtail's own document model.

One ``AttachmentText`` per document says where its extraction stands; its ``pages`` hold the
text, one row per PDF page (a DOCX or ODT has no pages: one row without a number).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AttachmentText(models.Model):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    STATUSES = [(PENDING, _("Waiting to be read")), (DONE, _("Read")), (FAILED, _("Could not be read"))]

    ENCRYPTED = "encrypted"
    BROKEN = "broken"
    UNSUPPORTED = "unsupported"
    TOO_LARGE = "too_large"
    REASONS = [
        (ENCRYPTED, _("The file is encrypted (password protected).")),
        (BROKEN, _("The file is damaged or not what its name says.")),
        (UNSUPPORTED, _("Text is read from PDF, DOCX and ODT files only.")),
        (TOO_LARGE, _("The file is too large to read.")),
    ]

    document = models.OneToOneField(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=STATUSES, default=PENDING, db_index=True)
    reason = models.CharField(_("reason"), max_length=16, choices=REASONS, blank=True)
    # SHA-1 of the file read, like Wagtail's ``Document.file_hash``: a new file is read again.
    file_hash = models.CharField(max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    extracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attachment text")

    def __str__(self):
        return f"{self.document_id}: {self.status}"


class AttachmentPage(models.Model):
    attachment = models.ForeignKey(AttachmentText, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["attachment", "number"]

    def __str__(self):
        return f"{self.attachment_id}: {self.number or '-'}"
