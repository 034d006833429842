import datetime

from django import template
from django.utils import timezone

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


@register.simple_tag(takes_context=True)
def page_is_internal(context, page):
    """Whether ``page`` is for signed-in readers only, so templates can mark it.

    The restricted sections are read once per request, however many cards a list shows.
    """
    from core.visibility import is_internal, login_restricted_paths

    request = context.get("request")
    if page is None or request is None or not getattr(page, "path", None):
        return False
    paths = getattr(request, "_erfa_internal_paths", None)
    if paths is None:
        paths = login_restricted_paths()
        request._erfa_internal_paths = paths
    return is_internal(page, paths)


@register.filter
def datetime_attr(value):
    """A date or datetime as HTML's datetime attribute wants it: ISO 8601, whole seconds.

    Django's ``date:'c'`` gives microseconds, and HTML allows at most three fraction digits.
    Aware datetimes are given in the site's time zone, with their offset.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
