"""Views behind the experience index routes: filtered list, comparison, municipalities."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.languages import CONTENT_LANGUAGES, COUNTRIES
from core.params import positive_int

from .compare import CompareError, comparison_rows, parse_compare_ids
from .filters import ExperienceFilters, FilterError
from .models import STATUSES, Municipality, NationalSolution, Network, Region, Topic

PAGE_SIZE = 20
# Past the last page the paginator shows the last one; past this the number is a typo or a probe.
MAX_PAGE = 999_999
OPTIONS_CACHE_SECONDS = 60


def bad_request(request, index_page, message):
    return TemplateResponse(
        request, "experiences/bad_request.html", {"page": index_page, "error_message": message}, status=400
    )


def parse_page_number(request):
    return positive_int(
        request.GET.get("page", "1"),
        "page",
        maximum=MAX_PAGE,
        message=_("“page” must be a whole number from 1 upwards."),
        error=FilterError,
    )


def experience_list(request, index_page):
    try:
        filters = ExperienceFilters.from_query(request.GET)
        page_number = parse_page_number(request)
    except FilterError as error:
        return bad_request(request, index_page, str(error))

    visible = index_page.experiences(request.user)
    experiences = filters.apply(visible).order_by("-first_published_at")
    paginator = Paginator(experiences.select_related("network").prefetch_related("municipalities", "topics"), PAGE_SIZE)
    page_obj = paginator.get_page(page_number)
    context = {
        "page": index_page,
        "self": index_page,
        "filters": filters,
        "page_obj": page_obj,
        "experiences": page_obj.object_list,
        "options": filter_options(index_page, request.user),
        "query_without_page": _query_without(request, "page"),
    }
    return TemplateResponse(request, "experiences/experience_index_page.html", context)


def paged_listing(request, index_page, template, experiences, **context):
    """A municipality's or network's reports, paged like the index: a large one would
    otherwise render every report it ever shared on one page."""
    try:
        page_number = parse_page_number(request)
    except FilterError as error:
        return bad_request(request, index_page, str(error))
    page_obj = Paginator(experiences, PAGE_SIZE).get_page(page_number)
    return TemplateResponse(
        request, template, {"page": index_page, "page_obj": page_obj, "experiences": page_obj.object_list, **context}
    )


def filter_options(index_page, user):
    """The values each filter offers: those that occur in reports ``user`` may see.

    The same for every reader of one audience and costly to work out (a subquery over every
    live report per filter), so kept for OPTIONS_CACHE_SECONDS: a newly published report's
    municipality may show up as a filter that much later.
    """
    audience = "internal" if user.is_authenticated else "public"
    key = f"experience-filter-options:{index_page.pk}:{audience}"
    options = cache.get(key)
    if options is None:
        visible = index_page.experiences(user)
        live_ids = visible.values("pk")
        options = {
            "municipality": list(Municipality.objects.filter(experiences__in=live_ids).distinct()),
            "region": list(Region.objects.filter(municipalities__experiences__in=live_ids).distinct()),
            "network": list(Network.objects.filter(experiences__in=live_ids).distinct()),
            "topic": list(
                Topic.objects.annotate(n=Count("experiences", filter=Q(experiences__in=live_ids))).filter(n__gt=0)
            ),
            "solution": list(NationalSolution.objects.filter(experiences__in=live_ids).distinct()),
            "year": sorted({d.year for d in visible.dates("first_published_at", "year")}, reverse=True),
        }
        cache.set(key, options, OPTIONS_CACHE_SECONDS)
    return {**options, "status": STATUSES, "language": CONTENT_LANGUAGES, "country": COUNTRIES}


def _query_without(request, name):
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def compare(request, index_page):
    try:
        ids = parse_compare_ids(request.GET)
        experiences = _load_for_comparison(index_page, ids, request.user)
    except CompareError as error:
        return bad_request(request, index_page, str(error))
    return TemplateResponse(
        request,
        "experiences/compare.html",
        {"page": index_page, "experiences": experiences, "rows": comparison_rows(experiences)},
    )


def _load_for_comparison(index_page, ids, user):
    found = {
        page.pk: page
        for page in index_page.experiences(user)
        .filter(pk__in=ids)
        .prefetch_related("municipalities__region", "topics", "national_solutions", "tags")
        .select_related("network")
    }
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise CompareError(_("No published experience with id %(ids)s.") % {"ids": ", ".join(missing)})
    return [found[pk] for pk in ids]


def municipality_list(request, index_page):
    live_ids = index_page.experiences(request.user).values("pk")
    municipalities = (
        Municipality.objects.select_related("region")
        .annotate(experience_count=Count("experiences", filter=Q(experiences__in=live_ids), distinct=True))
        .order_by("country", "region__name", "name")
    )
    networks = Network.objects.annotate(
        experience_count=Count("experiences", filter=Q(experiences__in=live_ids), distinct=True)
    )
    return TemplateResponse(
        request,
        "experiences/municipality_list.html",
        {"page": index_page, "municipalities": municipalities, "networks": networks},
    )
