"""Views behind the experience index routes: filtered list, comparison, municipalities."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.languages import CONTENT_LANGUAGES, COUNTRIES
from core.params import ascii_int, positive_int

from .compare import MAX_COMPARE, CompareError, comparison_rows, parse_compare_ids
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


def chosen_for_comparison(query):
    """The report ids ticked for comparison so far, carried from page to page of the index.

    Lenient on purpose: a stray value is dropped here and only refused when the reader
    actually asks for the comparison.
    """
    ids = []
    for value in query.getlist("ids"):
        for part in value.split(","):
            number = ascii_int(part.strip(), max_digits=12)
            if number is not None and number not in ids:
                ids.append(number)
    return ids[:MAX_COMPARE]


def experience_list(request, index_page, compare_error=None):
    try:
        filters = ExperienceFilters.from_query(request.GET)
        page_number = parse_page_number(request)
    except FilterError as error:
        return bad_request(request, index_page, str(error))

    visible = index_page.experiences(request.user)
    experiences = filters.apply(visible).order_by("-first_published_at")
    paginator = Paginator(experiences.select_related("network").prefetch_related("municipalities", "topics"), PAGE_SIZE)
    page_obj = paginator.get_page(page_number)
    chosen = chosen_for_comparison(request.GET)
    on_this_page = {experience.pk for experience in page_obj.object_list}
    context = {
        "page": index_page,
        "chosen_ids": chosen,
        "chosen_elsewhere": [pk for pk in chosen if pk not in on_this_page],
        "filter_query": [(name, value) for name in filters.names() for value in request.GET.getlist(name)],
        "compare_error": compare_error,
        "self": index_page,
        "filters": filters,
        "page_obj": page_obj,
        "experiences": page_obj.object_list,
        "options": filter_options(index_page, request.user),
        "query_without_page": _query_without(request, "page"),
    }
    # A comparison that cannot be made answers 400, with the index and the message on it.
    return TemplateResponse(
        request, "experiences/experience_index_page.html", context, status=400 if compare_error else 200
    )


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


def _counted(queryset, live_ids, path):
    """The objects of ``queryset`` that occur in the visible reports, each with ``experience_count``."""
    return list(
        queryset.annotate(experience_count=Count(path, filter=Q(**{f"{path}__in": live_ids}), distinct=True)).filter(
            experience_count__gt=0
        )
    )


def _vocabulary(choices, counts):
    """(code, label, count) for the codes of a fixed vocabulary that occur; labels stay lazy
    (in the reader's language), so only the counts are cached."""
    return [(code, label, counts[code]) for code, label in choices if counts.get(code)]


def filter_options(index_page, user):
    """The values each filter offers, with how many reports ``user`` may see have each.

    A value no visible report has is left out: offering it only leads to an empty list.
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

        def per_value(field):
            rows = visible.order_by().values(field).annotate(n=Count("pk", distinct=True))
            return {row[field]: row["n"] for row in rows if row[field] is not None}

        years = per_value("first_published_at__year")
        options = {
            "municipality": _counted(Municipality.objects.all(), live_ids, "experiences"),
            "region": _counted(Region.objects.all(), live_ids, "municipalities__experiences"),
            "network": _counted(Network.objects.all(), live_ids, "experiences"),
            "topic": _counted(Topic.objects.all(), live_ids, "experiences"),
            "solution": _counted(NationalSolution.objects.all(), live_ids, "experiences"),
            "year": sorted(years.items(), reverse=True),
            "counts": {
                "status": per_value("status"),
                "language": per_value("language"),
                "country": per_value("municipalities__country"),
            },
        }
        cache.set(key, options, OPTIONS_CACHE_SECONDS)
    counts = options["counts"]
    return {
        **options,
        "status": _vocabulary(STATUSES, counts["status"]),
        "language": _vocabulary(CONTENT_LANGUAGES, counts["language"]),
        "country": _vocabulary(COUNTRIES, counts["country"]),
    }


def _query_without(request, name):
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def compare(request, index_page):
    if "page" in request.GET:
        # A page link followed from the index shown with a comparison error: the reader is
        # browsing the list (choices carried along), not asking to compare yet.
        return experience_list(request, index_page)
    try:
        ids = parse_compare_ids(request.GET)
        experiences = _load_for_comparison(index_page, ids, request.user)
    except CompareError as error:
        # Back on the index, choices kept, so the reader can tick another report there.
        return experience_list(request, index_page, compare_error=str(error))
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
