from django import template

from core.blocks import heading_anchor as make_anchor

register = template.Library()


@register.simple_tag
def heading_anchor(text, index):
    """The fragment id of a body heading; the same one the table of contents links to."""
    return make_anchor(text, index)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination links)."""
    query = context["request"].GET.copy()
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()
