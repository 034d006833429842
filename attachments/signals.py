"""Told when a document's stored text changed (read, failed to read, or erased), with the pages
that use the document.

The search app listens and re-indexes those pages; attachments sits below search and does
not import it.
"""

from django.dispatch import Signal

text_changed = Signal()  # document_id, page_ids
