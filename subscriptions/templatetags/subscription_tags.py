from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from taggit.models import Tag

from experiences.filters import ExperienceFilters
from experiences.models import Municipality, Network
from news.models import NewsIndexPage, NewsItemPage

from ..follows import MODELS, is_following, kind_of

register = template.Library()


def _feed(title, kind=None, slug=None):
    args = (kind, slug) if kind else ()
    return {"title": title, "rss": reverse("feeds:rss", args=args), "atom": reverse("feeds:atom", args=args)}


@register.simple_tag(takes_context=True)
def feed_links(context):
    """The feeds to announce in <head>: everything, plus the one the page is about."""
    feeds = [_feed(_("Newest experiences"))]
    municipality, network, filters = context.get("municipality"), context.get("network"), context.get("filters")
    if isinstance(municipality, Municipality):
        feeds.append(_feed(municipality.name, "municipality", municipality.slug))
    elif isinstance(network, Network):
        feeds.append(_feed(network.name, "network", network.slug))
    else:
        for kind, obj in filter_targets(filters):
            feeds.append(_feed(getattr(obj, "label", None) or obj.name, kind, obj.slug))
        tag = _single_tag(filters)
        if tag is not None:
            feeds.append(_feed(tag.name, "tag", tag.slug))
    page = context.get("page")
    if isinstance(page, NewsIndexPage | NewsItemPage):
        feeds.extend(_news_feeds(page.network))
    return feeds


def _news_feeds(network):
    feeds = [{"title": _("News"), "rss": reverse("feeds:news_rss"), "atom": reverse("feeds:news_atom")}]
    if network is not None:
        feeds.append(
            {
                "title": _("News: %(name)s") % {"name": network.name},
                "rss": reverse("feeds:news_rss", args=[network.slug]),
                "atom": reverse("feeds:news_atom", args=[network.slug]),
            }
        )
    return feeds


def _single_tag(filters):
    # Tags have a feed but cannot be followed, so they are not among filter_targets (follow buttons).
    names = filters.tag if isinstance(filters, ExperienceFilters) else None
    if not names or len(names) != 1:
        return None
    return Tag.objects.filter(name=names[0]).first()


@register.simple_tag
def filter_targets(filters):
    """(kind, object) for each dimension the experience index is narrowed to exactly one value of."""
    if not isinstance(filters, ExperienceFilters):
        return []
    targets = []
    for kind in ("topic", "municipality", "network", "solution"):
        values = getattr(filters, kind, [])
        if len(values) == 1:
            obj = MODELS[kind].objects.filter(slug=values[0]).first()
            if obj is not None:
                targets.append((kind, obj))
    return targets


@register.inclusion_tag("subscriptions/includes/follow_button.html", takes_context=True)
def follow_button(context, obj):
    request = context["request"]
    kind = kind_of(obj)
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "obj": obj,
        "kind": kind,
        "name": getattr(obj, "label", None) or obj.name,
        "following": is_following(request.user, obj),
    }
