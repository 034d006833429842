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


def pages_acted_on(user, page_ids):
    """``can_act_on`` for many pages at once: the ids among ``page_ids`` the user may act on."""
    ids = set(page_ids)
    scope = municipality_scope(user)
    if scope is None or not ids:
        return ids
    from experiences.models import ExperiencePage

    reports = set(ExperiencePage.objects.filter(pk__in=ids).values_list("pk", flat=True))
    through = ExperiencePage.municipalities.through
    in_scope = set(
        through.objects.filter(experiencepage_id__in=reports, municipality_id__in=scope).values_list(
            "experiencepage_id", flat=True
        )
    )
    return (ids - reports) | in_scope
