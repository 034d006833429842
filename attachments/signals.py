"""Told when a document's text has been read (or failed), with the pages that use it.

The search app listens and re-indexes those pages; attachments sits below search and does
not import it.
"""

from django.dispatch import Signal

text_extracted = Signal()  # document_id, page_ids
