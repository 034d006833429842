"""A news item's body: the shared body blocks plus pictures.

Newsletters carry photos from gatherings and slides; reports and guides do not, so the image
block is added here rather than to ``core.blocks.BodyBlock``, which every long-form page shares.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from core.blocks import BodyBlock


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=300, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "blocks/figure.html"
        label = _("Image")


class NewsBodyBlock(BodyBlock):
    figure = FigureBlock()
