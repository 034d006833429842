"""What <head> says about a page: its description and its canonical address."""

import re
from urllib.parse import urlencode

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.params import ascii_int
from core.urls import absolute_url

register = template.Library()

DESCRIPTION_LENGTH = 160
# The page's own short text, first found wins. Intros are rich text.
DESCRIPTION_FIELDS = ("search_description", "summary", "intro")


def _plain(value):
    return re.sub(r"\s+", " ", strip_tags(str(value or ""))).strip()


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's search description, summary or intro as one line of plain text; the site's own
    description where the page has none (and on views that are not Wagtail pages)."""
    page = context.get("page")
    for name in DESCRIPTION_FIELDS:
        text = _plain(getattr(page, name, ""))
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return _(
        "Nordic municipalities share what they learned from digitalising their services: "
        "experience reports, guides and themes."
    )


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This address on the configured base URL, without the query string: filters, sorting and
    search terms make variants of one page. A later results page keeps its number, being
    different content."""
    request = context.get("request")
    if request is None:
        return ""
    query = ""
    number = ascii_int(request.GET.get("page", ""))
    if number is not None and number > 1:
        query = "?" + urlencode({"page": number})
    return absolute_url(request.path + query)
