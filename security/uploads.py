"""Upload checks for Wagtail documents: the file must be what its name says.

Wagtail checks the extension (``WAGTAILDOCS_EXTENSIONS``) and the size; it does not look
inside a document. This form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``) also reads the first
bytes, so an HTML page renamed to ``.pdf`` or ``.txt`` is refused before anything is
written to MEDIA_ROOT. Images need no such form: Wagtail (Willow) decodes them, refuses a
format that differs from the extension and enforces ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``;
SVG is not in ``WAGTAILIMAGES_EXTENSIONS``.
"""

import codecs
import os
import zipfile

from django import forms
from django.utils.translation import gettext as _

from wagtail.documents.forms import BaseDocumentForm

SNIFF_BYTES = 4096
MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe", b"<!--")
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}


def _head(upload):
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def _looks_like_markup(head):
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    start = head.replace(b"\x00", b"").lstrip().lower()
    return start.startswith(MARKUP_STARTS)


def _zip_names(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                mimetype = archive.read("mimetype").strip()
            return names, mimetype
    except (zipfile.BadZipFile, OSError, ValueError):
        return None, None
    finally:
        upload.seek(0)


def content_matches_extension(upload):
    """True if the file's bytes fit its extension; unknown extensions are left to the allow-list."""
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    head = _head(upload)
    if _looks_like_markup(head):
        return False
    if extension == "pdf":
        return b"%PDF-" in head[:1024]
    if extension in OOXML_PARTS or extension in ODF_TYPES:
        if not head.startswith(b"PK\x03\x04"):
            return False
        names, mimetype = _zip_names(upload)
        if names is None:
            return False
        if extension in OOXML_PARTS:
            return "[Content_Types].xml" in names and any(name.startswith(OOXML_PARTS[extension]) for name in names)
        return mimetype == ODF_TYPES[extension]
    if extension in ("txt", "csv"):
        # Text: no NUL bytes, unless it is UTF-16 with a byte-order mark (Excel's "Unicode text").
        return b"\x00" not in head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return True


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data and not content_matches_extension(upload):
            extension = os.path.splitext(upload.name)[1].lower().lstrip(".") or "?"
            raise forms.ValidationError(
                _("The file's content does not match its .%(extension)s extension. Upload the original file.")
                % {"extension": extension},
                code="content_mismatch",
            )
        return upload
