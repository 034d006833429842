"""One gate for every admin URL that names a page: out of scope, it does not exist.

Most page views ask ``MunicipalityPagePermissionTester``, but some show a page without asking
for a permission (the explorer and the page chooser opened at it, move confirmation, workflow
cancellation). Checking the page id in the URL against ``pages_in_scope`` closes those and any
view added later.
"""

from django.http import Http404

from wagtail.models import Page

from .scope import municipality_scope, pages_in_scope

PAGE_KWARGS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk"}
# Namespaces whose views take the page id as ``pk``.
PAGE_PK_NAMESPACES = {"wagtailadmin_pages", "wagtailadmin_api:pages"}


def page_ids(match):
    ids = [value for key, value in match.kwargs.items() if key in PAGE_KWARGS]
    if "pk" in match.kwargs and match.namespace in PAGE_PK_NAMESPACES:
        ids.append(match.kwargs["pk"])
    return ids


class PageScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not match.route.startswith("admin/"):
            return None
        if not request.user.has_perm("wagtailadmin.access_admin"):
            return None  # the admin's own check sends them to sign in or away
        ids = page_ids(match)
        if not ids or municipality_scope(request.user) is None:
            return None
        try:
            wanted = {int(pk) for pk in ids}
        except (TypeError, ValueError):
            return None
        if pages_in_scope(Page.objects.filter(pk__in=wanted), request.user).count() != len(wanted):
            raise Http404
        return None
