"""The site search page. For now it asks Wagtail's configured backend directly; the
search service with engine fallback replaces this in the search-engine issue."""

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Page

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10


def search(request):
    query = request.GET.get("q", "").strip()
    raw_page = request.GET.get("page", "1")
    if not raw_page.isdigit() or int(raw_page) < 1 or len(raw_page) > 6:
        return HttpResponseBadRequest(_("“page” must be a whole number from 1 upwards."))
    if len(query) > MAX_QUERY_LENGTH:
        return HttpResponseBadRequest(
            _("The search is too long: at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH}
        )
    page_obj = None
    if query:
        results = Page.objects.live().public().specific().search(query)
        page_obj = Paginator(results, PAGE_SIZE).get_page(int(raw_page))
    return TemplateResponse(request, "search/search.html", {"search_query": query, "page_obj": page_obj})
