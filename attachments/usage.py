"""Which pages use which documents, from Wagtail's reference index.

The reference index records a page's live content: attachment panels, document blocks and
document links in rich text alike (``core.visibility.visible_media`` reads it the same way).
"""

from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType

from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex


def _references():
    return ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        base_content_type=ContentType.objects.get_for_model(Page),
    )


def pages_using(document_id):
    """Ids of the pages whose content uses the document."""
    ids = _references().filter(to_object_id=str(document_id)).values_list("object_id", flat=True)
    return sorted({int(pk) for pk in ids})


def documents_of_pages(page_ids):
    """``{page id: {document ids}}``: the documents each page's content uses, in one query."""
    found = defaultdict(set)
    references = _references().filter(object_id__in=[str(pk) for pk in page_ids])
    for page_id, document_id in references.values_list("object_id", "to_object_id"):
        found[int(page_id)].add(int(document_id))
    return found


def documents_of(page_id):
    """Ids of the documents a page's content uses."""
    return sorted(documents_of_pages([page_id]).get(int(page_id), ()))


def language_of_users(page_ids):
    """The content language most of the pages using a document are written in ("" if none has one).

    Erfa detects no language from text; an attachment is taken to be in the language of the
    report it belongs to.
    """
    languages = Counter(
        page.language for page in Page.objects.filter(pk__in=page_ids).specific() if getattr(page, "language", "")
    )
    return languages.most_common(1)[0][0] if languages else ""
