"""Reading attachments: queued on save, read by the worker, failures recorded with a reason.

Nothing here needs a search engine: these are the database side of attachment search.
"""

import hashlib

import pytest

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Collection

from attachments.extraction import extract_pending
from attachments.models import AttachmentText
from experiences.factories import ExperiencePageFactory
from experiences.models import ExperienceAttachment

from .files import docx_bytes, encrypted_pdf_bytes, odt_bytes, pdf_bytes

PAGES = [["Handlingsplan för digitalisering"], ["Mål: e-tjänster för färdtjänst och skolskjuts."]]


def document(name, data):
    return Document.objects.create(title=name, file=ContentFile(data, name=name))


def state(doc):
    return AttachmentText.objects.get(document=doc)


def test_saving_a_document_queues_its_text_without_reading_it(db):
    doc = document("plan.pdf", pdf_bytes(PAGES))
    row = state(doc)
    assert row.status == AttachmentText.PENDING
    assert not row.pages.exists()


def test_uploading_in_the_admin_queues_the_file_and_reads_nothing(admin_client):
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("plan.pdf", pdf_bytes(PAGES)),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.json()["success"], response.json()
    row = state(Document.objects.get())
    assert row.status == AttachmentText.PENDING
    assert not row.pages.exists()


def test_publishing_a_report_with_an_attachment_reads_nothing(experience_index):
    report = ExperiencePageFactory(parent=experience_index, language="sv")
    doc = document("plan.pdf", pdf_bytes(PAGES))
    ExperienceAttachment.objects.create(page=report, document=doc)
    report.save_revision().publish()
    assert state(doc).status == AttachmentText.PENDING
    assert not state(doc).pages.exists()


def test_the_worker_stores_pdf_text_per_page_with_hash_and_the_reports_language(experience_index):
    data = pdf_bytes(PAGES)
    report = ExperiencePageFactory(parent=experience_index, language="sv")
    doc = document("plan.pdf", data)
    ExperienceAttachment.objects.create(page=report, document=doc)
    report.save_revision().publish()

    assert extract_pending() == 1

    row = state(doc)
    assert row.status == AttachmentText.DONE
    assert row.reason == ""
    assert row.file_hash == hashlib.sha1(data).hexdigest()  # noqa: S324
    assert row.language == "sv"
    assert [(page.number, page.text) for page in row.pages.all()] == [
        (1, "Handlingsplan för digitalisering"),
        (2, "Mål: e-tjänster för färdtjänst och skolskjuts."),
    ]


def test_docx_and_odt_text_is_stored_as_one_unnumbered_page(db):
    docx = document("krav.docx", docx_bytes(["Kravspecifikation", "Leverantören ska stödja arkivbildning."]))
    odt = document("program.odt", odt_bytes(["Program för träffen", "Workshop om informationsförvaltning."]))
    extract_pending()
    assert [(p.number, p.text) for p in state(docx).pages.all()] == [
        (None, "Kravspecifikation Leverantören ska stödja arkivbildning.")
    ]
    assert [(p.number, p.text) for p in state(odt).pages.all()] == [
        (None, "Program för träffen Workshop om informationsförvaltning.")
    ]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("hemlig.pdf", encrypted_pdf_bytes(PAGES), AttachmentText.ENCRYPTED),
        ("trasig.pdf", b"%PDF-1.4\n1 0 obj<< /Type /Catalog /Pages 2 0 R >>\ntrunkerad", AttachmentText.BROKEN),
        ("trasig.docx", b"PK\x03\x04 inte en zip", AttachmentText.BROKEN),
        ("tabell.csv", "kommun;år\nTimrå;2024\n".encode(), AttachmentText.UNSUPPORTED),
    ],
    ids=["encrypted", "corrupt-pdf", "corrupt-docx", "unsupported"],
)
def test_unreadable_files_are_recorded_as_failed_with_the_reason_and_the_queue_goes_on(db, name, data, reason):
    bad = document(name, data)
    good = document("plan.pdf", pdf_bytes(PAGES))
    assert extract_pending() == 2
    assert (state(bad).status, state(bad).reason) == (AttachmentText.FAILED, reason)
    assert not state(bad).pages.exists()
    assert state(good).status == AttachmentText.DONE


def test_a_file_over_the_size_limit_is_not_read(db, settings):
    settings.ERFA_ATTACHMENT_MAX_BYTES = 100
    doc = document("plan.pdf", pdf_bytes(PAGES))
    extract_pending()
    assert (state(doc).status, state(doc).reason) == (AttachmentText.FAILED, AttachmentText.TOO_LARGE)


def test_a_new_file_is_read_again_and_the_same_file_is_not(db):
    doc = document("plan.pdf", pdf_bytes(PAGES))
    doc.file_hash = hashlib.sha1(pdf_bytes(PAGES)).hexdigest()  # noqa: S324 - as Wagtail's views set it
    doc.save()
    extract_pending()
    doc.title = "Ny titel"
    doc.save()
    assert state(doc).status == AttachmentText.DONE
    replaced = pdf_bytes([["Reviderad plan"]])
    doc.file.save("plan.pdf", ContentFile(replaced), save=False)
    doc.file_hash = hashlib.sha1(replaced).hexdigest()  # noqa: S324
    doc.save()
    assert state(doc).status == AttachmentText.PENDING
    extract_pending()
    assert [page.text for page in state(doc).pages.all()] == ["Reviderad plan"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Search could not read the text of this file: The file is encrypted"),
        ("nb", "Søket kunne ikke lese teksten i denne filen: Filen er kryptert"),
        ("sv", "Sökningen kunde inte läsa texten i den här filen: Filen är krypterad"),
    ],
)
def test_the_document_edit_view_tells_the_editor_why_the_text_could_not_be_read(admin_client, language, expected):
    doc = document("hemlig.pdf", encrypted_pdf_bytes(PAGES))
    extract_pending()
    admin_client.cookies["erfa_language"] = language
    html = admin_client.get(reverse("wagtaildocs:edit", args=[doc.pk])).content.decode()
    assert expected in html
