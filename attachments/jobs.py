"""The attachments app's background job (core/schedule.py): reading queued files' text."""

from core import schedule

from .extraction import extract_pending

# Uploads only queue a file; this reads it off the request path, and the pages using it are
# re-indexed through the outbox when its text is in (attachments.signals.text_changed).
schedule.register("attachment-text", every=5, run=extract_pending, lease=600)
