"""Who may see which page: public pages for everyone, internal pages for signed-in staff.

Wagtail's own privacy setting is the single source of truth. A page (with everything under
it) is **internal** when an editor sets Privacy → "Private, accessible to logged-in users"
(a ``PageViewRestriction`` of type ``login``). Wagtail itself then sends anonymous readers
of the page to the sign-in form; every *listing* of pages — indexes, theme picks, the home
page, search, suggestions, related reports, feeds — goes through ``visible_pages`` so a
page never shows up where its reader could not open it.

Password and group restrictions stay what Wagtail makes them: such pages are shown only to
users who pass them (members of the groups; never in listings for a password, since
listings do not know which passwords a visitor has typed), and are never indexed for search.

For other apps (feeds, digests, dashboards):

    from core.visibility import visible_pages
    visible_pages(ExperiencePage.objects.live(), request.user)   # what this user may see
    visible_pages(ExperiencePage.objects.live())                 # public: anonymous readers, feeds, e-mail

Documents and images follow their pages: ``visible_media`` lets a reader see a file only if a
live page that reader may open uses it (Wagtail's reference index knows which), or an editor
has marked it public (``core.models.PublicMedia``). A file attached only to a draft or to an
internal report is no more public than the report.
"""

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from wagtail.models import BaseViewRestriction, Page, PageViewRestriction, ReferenceIndex

PUBLIC = "public"
INTERNAL = "internal"


def sees_internal(user):
    """Whether ``user`` may see internal (signed-in only) content."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def _passes(restriction, user, group_ids):
    if restriction.restriction_type == BaseViewRestriction.LOGIN:
        return sees_internal(user)
    if restriction.restriction_type == BaseViewRestriction.GROUPS:
        if not sees_internal(user):
            return False
        return user.is_superuser or bool(group_ids & {group.pk for group in restriction.groups.all()})
    # A password is typed per session; listings never assume it was.
    return False


def _blocking_paths(user):
    """Tree paths of the restricted sections ``user`` may not see."""
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    group_ids = set(user.groups.values_list("pk", flat=True)) if sees_internal(user) else set()
    return [r.page.path for r in restrictions if not _passes(r, user, group_ids)]


def outside_sections(queryset, paths):
    """``queryset`` without the pages at or below any of the tree ``paths``."""
    if not paths:
        return queryset
    hidden = Q()
    for path in paths:
        hidden |= Q(path__startswith=path)
    return queryset.exclude(hidden)


def visible_pages(queryset, user=None):
    """``queryset`` without the pages ``user`` may not open (``None``: an anonymous reader).

    Live-ness is the caller's business (``.live()``); this only applies view restrictions,
    on the page itself and on its ancestors.
    """
    if not sees_internal(user):
        return queryset.public()
    return outside_sections(queryset, _blocking_paths(user))


def visible_to(queryset, request):
    """``visible_pages`` for the user making ``request``."""
    return visible_pages(queryset, getattr(request, "user", None))


def public_pages(queryset):
    """Only what anonymous readers may see (feeds, e-mail digests, the sitemap)."""
    return queryset.public()


def audience_of(page):
    """``"public"``, ``"internal"`` (only login restrictions above it) or ``None`` (other restrictions)."""
    types = set(
        PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True)).values_list(
            "restriction_type", flat=True
        )
    )
    if not types:
        return PUBLIC
    if types == {BaseViewRestriction.LOGIN}:
        return INTERNAL
    return None


def login_restricted_paths():
    """Tree paths of the sections restricted to signed-in users (each an internal section)."""
    return list(
        PageViewRestriction.objects.filter(restriction_type=BaseViewRestriction.LOGIN).values_list(
            "page__path", flat=True
        )
    )


def other_restricted_paths():
    """Tree paths of sections behind a password or a group restriction."""
    return list(
        PageViewRestriction.objects.exclude(restriction_type=BaseViewRestriction.LOGIN).values_list(
            "page__path", flat=True
        )
    )


def is_internal(page, internal_paths=None):
    """Whether ``page`` is under a login restriction; pass ``internal_paths`` to save a query per page."""
    if internal_paths is None:
        internal_paths = login_restricted_paths()
    return any(page.path.startswith(path) for path in internal_paths)


def searchable_pages(queryset=None):
    """Pages that may be indexed for search: public or internal, never behind a password or groups."""
    queryset = Page.objects.all() if queryset is None else queryset
    return outside_sections(queryset, other_restricted_paths())


def visible_media(queryset, user=None):
    """Documents or images in ``queryset`` that ``user`` may see (``None``: an anonymous reader).

    Used by a live page that ``visible_pages`` lets the user open, or marked public. The
    reference index holds what a page's live content uses (a draft's changes stay in its
    revision), and for a page never published, what its draft uses; ``live`` rules that out.
    """
    from django.contrib.contenttypes.models import ContentType

    from wagtail.images.models import AbstractImage

    from .models import PublicMedia

    model = queryset.model
    pages = visible_pages(Page.objects.live(), user).annotate(key=Cast("pk", CharField())).values("key")
    used = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(model),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages,
    ).values_list("to_object_id", flat=True)
    field = "image" if issubclass(model, AbstractImage) else "document"
    marked = PublicMedia.objects.filter(**{f"{field}__isnull": False}).values_list(f"{field}_id", flat=True)
    # A list of ids, not a subquery: the search backends (API ?search=, admin search) accept
    # only plain filters on the queryset they search.
    return queryset.filter(pk__in={int(pk) for pk in used} | set(marked))


def media_visible_to(obj, user=None):
    """Whether ``user`` may see the one document or image ``obj``."""
    return visible_media(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
