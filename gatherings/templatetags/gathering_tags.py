"""Gatherings shown on other apps' pages (the network page, the experience report, the home
page) through template tags, so those apps need not import this one."""

from django import template
from django.utils import timezone

from core.visibility import visible_pages

from ..models import GatheringIndexPage, GatheringPage

register = template.Library()

UPCOMING_ON_HOME = 3
PER_NETWORK = 5


def _visible(context):
    request = context.get("request")
    return visible_pages(GatheringPage.objects.live(), getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def upcoming_gatherings(context, network=None, limit=UPCOMING_ON_HOME):
    gatherings = _visible(context).filter(ends_at__gte=timezone.now())
    if network is not None:
        gatherings = gatherings.filter(networks=network)
    return list(gatherings.order_by("starts_at")[:limit])


@register.simple_tag(takes_context=True)
def past_gatherings(context, network=None, limit=PER_NETWORK):
    gatherings = _visible(context).filter(ends_at__lt=timezone.now())
    if network is not None:
        gatherings = gatherings.filter(networks=network)
    return list(gatherings.order_by("-starts_at")[:limit])


@register.simple_tag(takes_context=True)
def presented_at(context, report):
    """The gatherings whose programme presents ``report``, newest first."""
    return list(_visible(context).filter(sessions__report=report).distinct().order_by("-starts_at"))


@register.simple_tag
def gathering_calendar():
    return GatheringIndexPage.objects.live().first()
