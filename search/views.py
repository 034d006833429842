"""The search page and the JSON search API; both go through ``search.service``."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.facets import FACETS
from core.visibility import sees_internal

from .insights import annotate_click_urls, log_search, promoted_pages
from .params import BadSearchParameter, clean_query, parse_search_params
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
        params = parse_search_params(request.GET, include_internal=sees_internal(request.user))
    except BadSearchParameter as error:
        return TemplateResponse(request, "search/search.html", {"error_message": str(error)}, status=400)
    response = run_search(params)
    search_log = log_search(request, params, response)
    paginator = Paginator(_Window(response.total), params.page_size)
    page_obj = PaginatorPage(response.hits, params.page, paginator) if response.hits else None
    if page_obj:
        annotate_click_urls(search_log, page_obj.object_list, start=page_obj.start_index())
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": params.query,
            "response": response,
            "page_obj": page_obj,
            "params": params,
            "facet_groups": facet_groups(response, params),
            "query_without_page": query.urlencode(),
            "promoted_pages": promoted_pages(params.query, request.user) if params.page == 1 else [],
        },
    )


def facet_groups(response, params):
    groups = []
    for name, facet in FACETS.items():
        selected = {str(value) for value in params.filters.get(name, ())}
        buckets = [{**bucket, "selected": str(bucket["value"]) in selected} for bucket in response.facets.get(name, [])]
        if buckets:
            chosen_labels = [bucket["label"] for bucket in buckets if bucket["selected"]]
            groups.append(
                {
                    "name": name,
                    "label": facet.label,
                    "buckets": buckets,
                    "selected": selected,
                    "chosen_labels": chosen_labels,
                }
            )
    return groups


@require_GET
def search_api(request):
    if "q" not in request.GET:
        return JsonResponse({"error": _("Give the search text in the “q” parameter.")}, status=400)
    try:
        params = parse_search_params(request.GET, include_internal=sees_internal(request.user))
    except BadSearchParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(run_search(params).as_dict())


MAX_SUGGEST_LENGTH = 100


@require_GET
def suggest_api(request):
    from .suggest import suggest

    raw = request.GET.get("q")
    if raw is None:
        return JsonResponse({"error": _("Give the text typed so far in the “q” parameter.")}, status=400)
    if len(raw) > MAX_SUGGEST_LENGTH:
        return JsonResponse(
            {"error": _("The text is too long: at most %(max)d characters.") % {"max": MAX_SUGGEST_LENGTH}},
            status=400,
        )
    query = clean_query(raw)
    return JsonResponse({"query": query, "suggestions": suggest(query, include_internal=sees_internal(request.user))})
