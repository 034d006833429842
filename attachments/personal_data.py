"""Attachment text in the GDPR registry (``core.personal_data``).

Extracted text is the document's content: a name in a file is found, exported and erased like
a name in any other text. After an erasure the pages using the file are re-indexed, so the
engine loses the name from the attachment too.
"""

from core import personal_data

from .models import AttachmentPage
from .signals import text_changed
from .usage import pages_using


def reindex_users_of_erased_text(changes):
    ids = [change["object_id"] for change in changes if change.get("model") == AttachmentPage._meta.label]
    for document_id in set(AttachmentPage.objects.filter(pk__in=ids).values_list("attachment__document_id", flat=True)):
        text_changed.send(sender=AttachmentPage, document_id=document_id, page_ids=pages_using(document_id))


def register(app_config):
    personal_data.register_models(*app_config.get_models())
    personal_data.after_erase(reindex_users_of_erased_text)
