"""The search page and the JSON search API; both go through ``search.service``."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .params import BadSearchParameter, parse_search_params
from .service import run_search


class _Window(list):
    """Lets Django's paginator count results the engine already counted."""

    def __init__(self, total):
        super().__init__()
        self.total = total

    def count(self):
        return self.total


@require_GET
def search(request):
    try:
        params = parse_search_params(request.GET)
    except BadSearchParameter as error:
        return TemplateResponse(request, "search/search.html", {"error_message": str(error)}, status=400)
    response = run_search(params)
    paginator = Paginator(_Window(response.total), params.page_size)
    page_obj = PaginatorPage(response.hits, params.page, paginator) if response.total else None
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": params.query, "response": response, "page_obj": page_obj, "params": params},
    )


@require_GET
def search_api(request):
    if "q" not in request.GET:
        return JsonResponse({"error": _("Give the search text in the “q” parameter.")}, status=400)
    try:
        params = parse_search_params(request.GET)
    except BadSearchParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(run_search(params).as_dict())
