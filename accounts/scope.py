"""Which municipalities a user may act for: the one rule every admin check goes through.

``municipality_scope(user)`` answers ``None`` for "every municipality" (superusers,
administrators and editors without a network limit), otherwise the set of municipality ids
the user may write, review and publish for. Content without municipalities (guides, themes,
the site's own pages) is governed by Wagtail's page permissions alone.
"""

from .roles import ADMINISTRATORS, EDITORS

_CACHE_ATTR = "_erfa_municipality_scope"


def municipality_scope(user):
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    if hasattr(user, _CACHE_ATTR):
        return getattr(user, _CACHE_ATTR)
    from .models import Membership

    groups = set(user.groups.values_list("name", flat=True))
    membership = Membership.objects.filter(user=user).first()
    own = set(membership.municipalities.values_list("pk", flat=True)) if membership else set()
    if ADMINISTRATORS in groups:
        scope = None
    elif EDITORS in groups:
        networks = membership.networks.all() if membership else []
        if not networks:
            scope = None
        else:
            members = set()
            for network in networks.prefetch_related("members"):
                members.update(m.pk for m in network.members.all())
            scope = frozenset(members | own)
    else:
        scope = frozenset(own)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user):
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def object_municipality_ids(obj):
    """The municipalities a page (or other object) belongs to, or None if it has none by design."""
    from experiences.models import ExperiencePage

    if not isinstance(obj, ExperiencePage):
        klass = getattr(obj, "specific_class", None)
        if klass is None or not issubclass(klass, ExperiencePage):
            return None
    if obj.pk is None:
        return set()
    # The saved relation, not the in-memory one: a draft or a submitted form must not be able to
    # widen its own authority.
    through = ExperiencePage.municipalities.through
    return set(through.objects.filter(experiencepage_id=obj.pk).values_list("municipality_id", flat=True))


def can_act_on(user, obj):
    """True if the object's municipalities leave the user room to act (any one of them will do).

    A report written by several municipalities together can be edited by a contributor of any
    of them; one without municipalities yet (a fresh draft) only by users without a limit.
    """
    scope = municipality_scope(user)
    if scope is None:
        return True
    ids = object_municipality_ids(obj)
    if ids is None:
        return True
    return bool(ids & scope)


def pages_in_scope(queryset, user, *, public_ok=False):
    """The pages of ``queryset`` a user may see in the admin: the one filter for every listing.

    Reports whose municipalities lie outside the user's scope are left out, so neither their
    titles, drafts, revisions, log entries nor workflow states reach any admin listing, search,
    report or API. Pages without municipalities are left to Wagtail's page permissions.

    ``public_ok`` keeps others' reports that are live with no unpublished changes: the page
    chooser links to them as related experiences, and everything it then shows (the live title)
    is public already. A pending draft or a live page with unpublished changes stays hidden,
    because Wagtail shows the latest draft's title.
    """
    scope = municipality_scope(user)
    if scope is None:
        return queryset
    from experiences.models import ExperiencePage

    foreign = ExperiencePage.objects.exclude(municipalities__in=scope)
    if public_ok:
        foreign = foreign.exclude(live=True, has_unpublished_changes=False)
    return queryset.exclude(pk__in=foreign.values("pk"))


def pages_acted_on(user, page_ids):
    """``pages_in_scope`` for a set of page ids: the ids among ``page_ids`` the user may act on."""
    ids = set(page_ids)
    if not ids or municipality_scope(user) is None:
        return ids
    from wagtail.models import Page

    return set(pages_in_scope(Page.objects.filter(pk__in=ids), user).values_list("pk", flat=True))
