"""Documents and images used by reports of two municipalities, live and draft, for the media tests."""

import io

from PIL import Image as PILImage

from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from experiences.factories import ExperiencePageFactory
from experiences.models import ExperienceAttachment


def png_bytes(colour="white"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_document(title, uploaded_by=None):
    return Document.objects.create(
        title=title,
        file=ContentFile(f"Innhold i {title}".encode(), name=f"{title}.txt"),
        collection=Collection.get_first_root_node(),
        uploaded_by_user=uploaded_by,
    )


def make_image(title, uploaded_by=None):
    return Image.objects.create(
        title=title,
        file=ContentFile(png_bytes(), name=f"{title}.png"),
        collection=Collection.get_first_root_node(),
        uploaded_by_user=uploaded_by,
    )


def make_media(kind, title, uploaded_by=None):
    return (make_document if kind == "document" else make_image)(title, uploaded_by)


def report_using(index, municipality, media, live=True, title=None):
    """A report of ``municipality`` that uses ``media``: a document as an attachment, an image in its text."""
    fields = {}
    if isinstance(media, Document):
        fields["attachments"] = [ExperienceAttachment(document=media)]
    else:
        fields["background"] = f'<p>Kart:</p><embed embedtype="image" id="{media.pk}" format="left" alt="kart"/>'
    return ExperiencePageFactory(
        parent=index, municipalities=[municipality], live=live, title=title or f"Rapport med {media.title}", **fields
    )


def media_state(media):
    """What a refused action must leave unchanged: the row, and the file's bytes."""
    model = type(media)
    current = model.objects.filter(pk=media.pk).first()
    if current is None:
        return None
    with current.file.open("rb") as handle:
        content = handle.read()
    return current.title, current.file.name, content, current.collection_id
