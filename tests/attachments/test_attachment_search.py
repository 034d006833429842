"""Attachments that search finds, on the database backend and both real engines.

A Swedish action plan attached to a report is read by the worker, indexed with the report in
Swedish and found by a word only the file holds, with the file name, the page and the
passage shown; the attachment of an internal report is found by signed-in readers only.
"""

import io

import pytest

from django.core.files.base import ContentFile
from django.core.management import call_command

from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from attachments.extraction import extract_pending
from experiences.factories import ExperiencePageFactory
from experiences.models import ExperienceAttachment
from search.params import SearchParams
from search.service import run_search
from search.suggest import invalidate_vocabulary

from .files import docx_bytes, odt_bytes, pdf_bytes

PLAN = [
    ["Handlingsplan för digitalisering", "Sundsvalls kommun 2026–2028"],
    ["Mål och ansvar", "Kommunen inför e-tjänster för färdtjänst och skolskjuts.", "Ansvarig: digitaliseringsrådet."],
    ["Uppföljning", "Planen följs upp varje halvår av kommunstyrelsen."],
]
WORD_ON_PAGE_2 = "skolskjuts"  # in the PDF only, on its second page


def search(query, signed_in=False):
    return run_search(SearchParams(query, include_internal=signed_in))


def attach(page, name, data):
    document = Document.objects.create(title=name, file=ContentFile(data, name=name))
    ExperienceAttachment.objects.create(page=page, document=document)
    page.save_revision().publish()
    return document


@pytest.fixture
def reports(search_backend, experience_index):
    public = ExperiencePageFactory(
        parent=experience_index,
        title="Digitaliseringsplan i Sundsvall",
        summary="Så tog Sundsvall fram sin plan.",
        language="sv",
    )
    hidden = ExperiencePageFactory(
        parent=experience_index,
        title="Upphandling av e-arkiv i Timrå",
        summary="Underlag för upphandlingen.",
        language="sv",
    )
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    files = {
        "pdf": attach(public, "handlingsplan-digitalisering.pdf", pdf_bytes(PLAN)),
        "docx": attach(
            hidden,
            "kravspecifikation.docx",
            docx_bytes(["Kravspecifikation för e-arkivet", "Leverantören ska stödja arkivbildning."]),
        ),
        "odt": attach(
            public, "program.odt", odt_bytes(["Program för nätverksträffen", "Workshop om informationsförvaltning."])
        ),
    }
    extract_pending()
    search_backend.sync()
    invalidate_vocabulary()
    # The storage may add a suffix to a name already taken: the name shown is the stored one.
    return {name: document.filename for name, document in files.items()}


def test_a_word_only_in_an_attached_pdf_finds_the_report_with_file_page_and_passage(reports):
    response = search(WORD_ON_PAGE_2)
    assert [hit.title for hit in response.hits] == ["Digitaliseringsplan i Sundsvall"]
    attachment = response.hits[0].attachment
    assert attachment["file"] == reports["pdf"]
    assert attachment["page"] == 2
    assert "<mark>skolskjuts</mark>" in attachment["snippet"]


def test_a_word_in_an_attached_odt_finds_the_report_without_a_page_number(reports):
    response = search("informationsförvaltning")
    assert [hit.title for hit in response.hits] == ["Digitaliseringsplan i Sundsvall"]
    assert response.hits[0].attachment["file"] == reports["odt"]
    assert response.hits[0].attachment["page"] is None


def test_an_internal_reports_attachment_is_found_only_by_signed_in_readers(reports):
    assert search("arkivbildning").hits == []
    assert search("arkivbildning").total == 0
    found = search("arkivbildning", signed_in=True)
    assert [hit.title for hit in found.hits] == ["Upphandling av e-arkiv i Timrå"]
    assert found.hits[0].attachment["file"] == reports["docx"]


def test_search_api_and_page_show_the_file_and_page_of_a_hit_in_an_attachment(reports, client):
    result = client.get("/api/search/", {"q": WORD_ON_PAGE_2}).json()["results"][0]
    assert result["attachment"]["file"] == reports["pdf"]
    assert result["attachment"]["page"] == 2
    assert "<mark>skolskjuts</mark>" in result["attachment"]["snippet"]
    html = client.get("/sv/search/", {"q": WORD_ON_PAGE_2}).content.decode()
    assert reports["pdf"] in html
    assert "<mark>skolskjuts</mark>" in html


def test_deleting_the_file_takes_its_text_out_of_search(reports, search_backend):
    Document.objects.get(title="handlingsplan-digitalisering.pdf").delete()
    search_backend.sync()
    assert search(WORD_ON_PAGE_2).hits == []


@pytest.mark.parametrize("search_backend", ["opensearch"], indirect=True)
def test_the_search_worker_reads_queued_files_and_indexes_them_with_their_pages(search_backend, experience_index):
    report = ExperiencePageFactory(parent=experience_index, title="Plan i Timrå", language="sv")
    attach(report, "plan.pdf", pdf_bytes(PLAN))
    search_backend.sync()
    # Published, and the file only queued: the publish read nothing.
    assert search(WORD_ON_PAGE_2).hits == []
    call_command("search_worker", "--once", stdout=io.StringIO())
    search_backend.engine.refresh()
    assert [hit.title for hit in search(WORD_ON_PAGE_2).hits] == ["Plan i Timrå"]
