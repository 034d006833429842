"""Reading the text out of PDF, DOCX and ODT files, in the worker, never in a request.

``extract_pending`` is the worker's entry point: it reads the documents queued by
``attachments.queue`` and stores their text, or the reason it could not be read. A file that
cannot be read is recorded as failed, never raised: one bad upload must not stop the queue.
"""

import hashlib
import io
import logging
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AttachmentPage, AttachmentText
from .signals import text_changed
from .usage import language_of_users, pages_using

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 30 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class ExtractionFailed(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def max_bytes():
    return getattr(settings, "ERFA_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def kind_of(data, name):
    """``"pdf"``, ``"docx"`` or ``"odt"`` from the bytes; the name only tells what was meant."""
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in {"pdf", "docx", "odt"}:
        # Named as a format we read, but the bytes are not that format.
        raise ExtractionFailed(AttachmentText.BROKEN)
    raise ExtractionFailed(AttachmentText.UNSUPPORTED)


def _clean(text):
    return " ".join((text or "").split())


def pdf_pages(data):
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Many PDFs are encrypted with an empty user password (only editing is locked): those
        # open; a password to read is a file we cannot read.
        try:
            opened = reader.decrypt("")
        except (FileNotDecryptedError, NotImplementedError) as error:
            raise ExtractionFailed(AttachmentText.ENCRYPTED) from error
        if not opened:
            raise ExtractionFailed(AttachmentText.ENCRYPTED)
    return [(number, _clean(page.extract_text())) for number, page in enumerate(reader.pages, start=1)]


def docx_pages(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return [(None, _clean(" ".join(parts)))]


def odt_pages(data):
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    parts = []

    def walk(node):
        for child in node.childNodes:
            if getattr(child, "qname", None) in ((TEXTNS, "p"), (TEXTNS, "h")):
                parts.append(teletype.extractText(child))
            else:
                walk(child)

    walk(document.text)
    return [(None, _clean(" ".join(parts)))]


READERS = {"pdf": pdf_pages, "docx": docx_pages, "odt": odt_pages}


def read_text(data, name):
    """``[(page number or None, text), ...]`` of a file, or ``ExtractionFailed`` with the reason."""
    if len(data) > max_bytes():
        raise ExtractionFailed(AttachmentText.TOO_LARGE)
    kind = kind_of(data, name)
    try:
        pages = READERS[kind](data)
    except ExtractionFailed:
        raise
    except Exception as error:
        # The readers raise many kinds of errors on damaged files (their own, ValueError,
        # KeyError, zlib and XML errors); each means the same to an editor.
        logger.info("Could not read a %s attachment: %r", kind, error)
        raise ExtractionFailed(AttachmentText.BROKEN) from error
    return [(number, text) for number, text in pages if text]


def _read_file(document):
    size = document.file.size
    if size > max_bytes():
        raise ExtractionFailed(AttachmentText.TOO_LARGE)
    with document.file.open("rb") as handle:
        return handle.read()


def extract(row):
    """Read ``row``'s document and store its text or why not; True when text was stored."""
    document = row.document
    pages, reason, file_hash = [], "", ""
    try:
        data = _read_file(document)
        file_hash = hashlib.sha1(data).hexdigest()  # noqa: S324 - a content fingerprint, as Wagtail's
        pages = read_text(data, document.file.name)
    except ExtractionFailed as failure:
        reason = failure.reason
    except OSError as error:
        logger.warning("Could not open document %s: %s", document.pk, error)
        reason = AttachmentText.BROKEN
    using = pages_using(document.pk)
    with transaction.atomic():
        # Only if nobody queued a new file meanwhile: that one is read next time.
        updated = AttachmentText.objects.filter(
            pk=row.pk, status=AttachmentText.PENDING, queued_at=row.queued_at
        ).update(
            status=AttachmentText.FAILED if reason else AttachmentText.DONE,
            reason=reason,
            file_hash=file_hash,
            language=language_of_users(using),
            extracted_at=timezone.now(),
        )
        if not updated:
            return False
        row.pages.all().delete()
        AttachmentPage.objects.bulk_create(
            [AttachmentPage(attachment=row, number=number, text=text) for number, text in pages]
        )
    text_changed.send(sender=AttachmentText, document_id=document.pk, page_ids=using)
    return not reason


def extract_pending(limit=20):
    """Read up to ``limit`` queued documents, oldest first; returns how many were handled."""
    rows = list(
        AttachmentText.objects.filter(status=AttachmentText.PENDING)
        .select_related("document")
        .order_by("queued_at")[:limit]
    )
    for row in rows:
        extract(row)
    return len(rows)
