"""The admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): the upload checks of
``security.uploads`` and, on the edit view, whether search could read the file's text."""

from django.utils.translation import gettext as _

from security.uploads import DocumentForm as CheckedDocumentForm

from .models import AttachmentText


def extraction_message(document):
    """What an editor should know about reading ``document``'s text, or "" when all is well."""
    row = AttachmentText.objects.filter(document_id=document.pk).first()
    if row is None or row.status == AttachmentText.DONE:
        return ""
    if row.status == AttachmentText.PENDING:
        return _("Search has not read the text of this file yet; it will shortly.")
    return _(
        "Search could not read the text of this file: %(reason)s Its content will not be found by search. "
        "Upload a readable copy (without a password) to make it searchable."
    ) % {"reason": row.get_reason_display()}


class DocumentForm(CheckedDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "file" in self.fields:
            message = extraction_message(self.instance)
            if message:
                self.fields["file"].help_text = message
