"""The one body StreamBlock every long-form page shares, and its parts."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock

from core.text import nordic_slugify

INLINE_FEATURES = ["bold", "italic", "link", "document-link"]
PARAGRAPH_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    steps = blocks.ListBlock(blocks.RichTextBlock(features=INLINE_FEATURES), label=_("Steps"))

    class Meta:
        icon = "list-ol"
        template = "blocks/steps.html"
        label = _("Numbered steps")


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Items"))

    class Meta:
        icon = "tasks"
        template = "blocks/checklist.html"
        label = _("Checklist")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
        label=_("Kind"),
    )
    text = blocks.RichTextBlock(features=INLINE_FEATURES, label=_("Text"))

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Callout")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(required=False, label=_("Link text"), help_text=_("Defaults to the document title."))

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link.html"
        label = _("Document link")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, icon="pilcrow", label=_("Text"))
    steps = StepsBlock()
    checklist = ChecklistBlock()
    callout = CalloutBlock()
    table = TableBlock(template="blocks/table.html", label=_("Table"))
    document = DocumentLinkBlock()


class KeyFigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=120, label=_("What was measured"))
    value = blocks.CharBlock(max_length=60, label=_("Figure"), help_text=_("For example “11 400” or “-35 %”."))

    class Meta:
        icon = "order"
        label = _("Key figure")


def heading_anchor(text, index):
    """A stable, unique fragment id for a heading: position plus slug."""
    return f"{index}-{nordic_slugify(text)[:60] or 'section'}"


def table_of_contents(body):
    """Headings of a BodyBlock stream as (anchor, text, level) for the page's TOC."""
    entries = []
    for index, block in enumerate(body):
        if block.block_type == "heading":
            entries.append((heading_anchor(block.value["text"], index), block.value["text"], block.value["level"]))
    return entries
