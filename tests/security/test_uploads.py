import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, UploadedFile

from core.models import PublicMedia

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_file(kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind in ("odt", "ods", "odp"):
            names = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}
            archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{names[kind]}")
            archive.writestr("content.xml", "<office:document-content/>")
        else:
            folder = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}[kind]
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr(folder, "<document/>")
    return buffer.getvalue()


def png(width=4, height=4):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def collection(db):
    return Collection.get_first_root_node()


def upload_document(client, name, content, collection):
    return client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content), "collection": collection.pk},
    )


def add_document(client, name, content, collection):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": collection.pk},
    )


ACCEPTED = [
    ("rapport.pdf", PDF),
    ("notat.txt", b"Erfaringer fra Malvik: SvarUt sparte porto.\n"),
    ("tall.csv", "kommune;år;antall\nTimrå;2024;12\n".encode("cp1252")),
    ("unicode.txt", "Kommun;Värde\n".encode("utf-16")),
    *[(f"fil.{kind}", office_file(kind)) for kind in ("docx", "xlsx", "pptx", "odt", "ods", "odp")],
]


@pytest.mark.parametrize(("name", "content"), ACCEPTED, ids=[name for name, _ in ACCEPTED])
def test_allowed_documents_upload(admin_client, collection, name, content):
    response = upload_document(admin_client, name, content, collection)
    assert response.json()["success"], response.json()
    assert Document.objects.count() == 1


REFUSED = [
    ("side.html", HTML, "not allowed"),
    ("bilde.svg", SVG, "not allowed"),
    ("program.exe", b"MZ\x90\x00", "not allowed"),
    ("skript.js", b"alert(1)", "not allowed"),
    ("falsk.pdf", HTML, "does not match its .pdf extension"),
    ("falsk.txt", HTML, "does not match its .txt extension"),
    ("falsk.csv", SVG, "does not match its .csv extension"),
    ("falsk.docx", PDF, "does not match its .docx extension"),
    ("feil.docx", office_file("xlsx"), "does not match its .docx extension"),
    ("falsk.odt", office_file("docx"), "does not match its .odt extension"),
    ("binær.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "does not match its .txt extension"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[name for name, _, _ in REFUSED])
def test_refused_documents_get_a_clear_message_and_leave_no_file(admin_client, collection, name, content, message):
    admin_client.cookies["erfa_language"] = "en"
    before = media_files()
    response = upload_document(admin_client, name, content, collection)
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert message in response.json()["error_message"]
    assert Document.objects.count() == 0
    assert UploadedFile.objects.count() == 0
    assert media_files() == before


def test_single_document_form_refuses_disguised_html_too(admin_client, collection):
    admin_client.cookies["erfa_language"] = "en"
    before = media_files()
    response = add_document(admin_client, "falsk.pdf", HTML, collection)
    assert response.status_code == 200
    assert "does not match its .pdf extension" in response.content.decode()
    assert Document.objects.count() == 0
    assert media_files() == before


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_documents_over_the_size_limit_are_refused(admin_client, collection):
    admin_client.cookies["erfa_language"] = "en"
    before = media_files()
    response = upload_document(admin_client, "stor.pdf", PDF + b"0" * 2048, collection)
    assert response.json()["success"] is False
    assert "too big" in response.json()["error_message"]
    assert media_files() == before


def upload_image(client, name, content, collection):
    return client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content), "collection": collection.pk},
    )


def test_images_upload(admin_client, collection):
    response = upload_image(admin_client, "kart.png", png(), collection)
    assert response.json()["success"], response.json()
    assert Image.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", SVG, "Not a supported image format"),
        ("side.html", HTML, "Not a supported image format"),
        ("falsk.png", HTML, "Not a valid .png image"),
        ("falsk.jpg", png(), "extension does not match"),
    ],
    ids=["svg", "html", "html-as-png", "png-as-jpg"],
)
def test_refused_images_get_a_clear_message_and_leave_no_file(admin_client, collection, name, content, message):
    admin_client.cookies["erfa_language"] = "en"
    before = media_files()
    response = upload_image(admin_client, name, content, collection)
    assert response.json()["success"] is False
    assert message in response.json()["error_message"], response.json()
    assert Image.objects.count() == 0
    assert UploadedFile.objects.count() == 0
    assert media_files() == before


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=100 * 100)
def test_images_over_the_pixel_limit_are_refused(admin_client, collection):
    admin_client.cookies["erfa_language"] = "en"
    before = media_files()
    response = upload_image(admin_client, "stort.png", png(200, 200), collection)
    assert response.json()["success"] is False
    assert "too many pixels" in response.json()["error_message"]
    assert media_files() == before


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=100)
def test_images_over_the_size_limit_are_refused(admin_client, collection):
    admin_client.cookies["erfa_language"] = "en"
    response = upload_image(admin_client, "kart.png", png(64, 64), collection)
    assert response.json()["success"] is False
    assert "too big" in response.json()["error_message"]


def test_documents_are_served_as_attachments_with_nosniff(admin_client, client, collection):
    upload_document(admin_client, "tall.csv", b"a;b\n1;2\n", collection)
    document = Document.objects.get()
    PublicMedia.objects.create(document=document)  # served to anonymous readers only when public
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def truncated(fmt, extension):
    buffer = io.BytesIO()
    PILImage.effect_noise((64, 64), 50).convert("RGB").save(buffer, fmt)
    whole = buffer.getvalue()
    return f"kart.{extension}", whole[: len(whole) // 2]


TRUNCATED = [("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif"), ("WEBP", "webp")]
DAMAGED = "damaged or incomplete"


@pytest.mark.parametrize(("fmt", "extension"), TRUNCATED, ids=[e for _, e in TRUNCATED])
def test_truncated_image_in_multiple_upload_gets_a_form_error_and_saves_nothing(
    admin_client, collection, fmt, extension
):
    admin_client.cookies["erfa_language"] = "en"
    before = media_files()
    name, content = truncated(fmt, extension)
    response = upload_image(admin_client, name, content, collection)
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert DAMAGED in response.json()["error_message"], response.json()
    assert Image.objects.count() == 0
    assert UploadedFile.objects.count() == 0
    assert media_files() == before


@pytest.mark.parametrize(("fmt", "extension"), TRUNCATED, ids=[e for _, e in TRUNCATED])
def test_truncated_image_in_single_upload_gets_a_form_error_and_saves_nothing(admin_client, collection, fmt, extension):
    admin_client.cookies["erfa_language"] = "en"
    before = media_files()
    name, content = truncated(fmt, extension)
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Kart", "file": SimpleUploadedFile(name, content), "collection": collection.pk},
    )
    assert response.status_code == 200
    assert DAMAGED in response.content.decode()
    assert Image.objects.count() == 0
    assert media_files() == before


def test_replacing_an_image_with_a_truncated_file_keeps_the_old_one(admin_client, collection):
    admin_client.cookies["erfa_language"] = "en"
    upload_image(admin_client, "kart.png", png(), collection)
    image = Image.objects.get()
    original = image.file.name
    name, content = truncated("PNG", "png")
    response = admin_client.post(
        f"/admin/images/{image.pk}/",
        {"title": "Kart", "file": SimpleUploadedFile(name, content), "collection": collection.pk},
    )
    assert response.status_code == 200
    assert DAMAGED in response.content.decode()
    image.refresh_from_db()
    assert image.file.name == original
    image.file.open()
    assert PILImage.open(image.file).size == (4, 4)
