"""The extracted text of the documents a page uses, as search indexes and shows it."""

import os
from collections import defaultdict

from django.db.models import Q

from .models import AttachmentPage, AttachmentText
from .usage import documents_of_pages, pages_using

EXCERPT_WORDS = 30
MAX_MATCHED_PAGES = 200


def file_name(document):
    return os.path.basename(document.file.name)


def _entry(page_row, document, language):
    return {
        "document_id": document.pk,
        "file": file_name(document),
        "title": document.title,
        "url": document.url,
        "page": page_row.number,
        "language": language,
        "text": page_row.text,
    }


def attachment_rows(page_ids):
    """``{page id: [text rows]}``: the read text of the documents each page uses, by document
    and page number, in two queries however many pages (a rebuild's batch)."""
    documents = documents_of_pages(page_ids)
    wanted = set().union(*documents.values()) if documents else set()
    by_document = defaultdict(list)
    rows = (
        AttachmentPage.objects.filter(attachment__document_id__in=wanted, attachment__status=AttachmentText.DONE)
        .select_related("attachment__document")
        .order_by("attachment__document_id", "number")
    )
    for row in rows:
        by_document[row.attachment.document_id].append(row)
    return {
        page_id: [row for document_id in sorted(documents.get(page_id, ())) for row in by_document[document_id]]
        for page_id in page_ids
    }


def passages(rows, default_language=""):
    """One entry per page of text; ``default_language`` for a document whose language is not known."""
    return [_entry(row, row.attachment.document, row.attachment.language or default_language) for row in rows]


def passages_of_page(page_id, default_language=""):
    """One entry per page of text (a DOCX or ODT: one) of each document the page uses and that was read.

    ``default_language``: the page's own, for a document whose language is not known.
    """
    return passages(attachment_rows([page_id])[page_id], default_language)


def excerpt(text, words, size=EXCERPT_WORDS):
    """About ``size`` words of ``text`` around the first of ``words`` it holds."""
    tokens = text.split()
    wanted = [word.lower() for word in words if len(word) > 1]
    for index, token in enumerate(tokens):
        if any(word in token.lower() for word in wanted):
            start = max(0, index - size // 3)
            return " ".join(tokens[start : start + size])
    return " ".join(tokens[:size])


def matching_passages(words, pages):
    """``{page id: entry}`` for the pages of the queryset ``pages`` using a document whose text holds
    one of ``words``; the entry is the first matching page of text.

    For the database backend, which indexes no attachment text: a plain substring match.
    """
    words = [word for word in words if len(word) > 2]
    if not words:
        return {}
    match = Q()
    for word in words:
        match |= Q(text__icontains=word)
    rows = (
        AttachmentPage.objects.filter(match, attachment__status=AttachmentText.DONE)
        .select_related("attachment__document")
        .order_by("attachment__document_id", "number")[:MAX_MATCHED_PAGES]
    )
    found = {}
    for row in rows:
        document = row.attachment.document
        users = pages.filter(pk__in=pages_using(document.pk)).values_list("pk", flat=True)
        for page_id in users:
            found.setdefault(page_id, _entry(row, document, row.attachment.language))
    return found
