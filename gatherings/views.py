"""Views behind the gathering routes: the calendar with its filters, the iCalendar files,
registering and cancelling, and the organiser's list of participants."""

import csv

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.facets import FACETS
from core.params import BadParameter, positive_int
from core.visibility import public_pages
from security.ratelimit import hit, parse_rate, too_many_requests

from . import registration
from .ics import calendar_of
from .models import GatheringPage
from .organisers import is_organiser

PAGE_SIZE = 20
MAX_PAGE = 999_999
FEED_SIZE = 200
WHEN = ("upcoming", "past", "all")
# Facet → the GatheringPage lookup it filters; the values are checked by the facet itself.
LOOKUPS = {
    "network": ("networks__slug__in",),
    "region": ("municipalities__region__slug__in", "networks__members__region__slug__in"),
    "topic": ("topics__slug__in",),
    "year": ("starts_at__year__in",),
}


def bad_request(request, index_page, message):
    return TemplateResponse(
        request, "gatherings/bad_request.html", {"page": index_page, "error_message": message}, status=400
    )


def parse_filters(query):
    """``(when, {facet: values})`` from the query string; BadParameter for what can never be valid."""
    values = {name: FACETS[name].clean(query.getlist(name), BadParameter) for name in LOOKUPS}
    when = query.get("when", "upcoming") or "upcoming"
    if when not in WHEN:
        raise BadParameter(_("Unknown “when”: choose one of upcoming, past, all."))
    return when, values


def apply_filters(gatherings, when, values):
    now = timezone.now()
    if when == "upcoming":
        gatherings = gatherings.filter(ends_at__gte=now).order_by("starts_at")
    elif when == "past":
        gatherings = gatherings.filter(ends_at__lt=now).order_by("-starts_at")
    else:
        gatherings = gatherings.order_by("-starts_at")
    for name, chosen in values.items():
        if chosen:
            match = Q()
            for lookup in LOOKUPS[name]:
                match |= Q(**{lookup: chosen})
            gatherings = gatherings.filter(match)
    return gatherings.distinct()


def filter_options(gatherings):
    from experiences.models import Network, Region, Topic

    ids = gatherings.values("pk")
    return {
        "network": Network.objects.filter(gatherings__in=ids).distinct().order_by("name"),
        "region": Region.objects.filter(
            Q(municipalities__organised_gatherings__in=ids) | Q(municipalities__networks__gatherings__in=ids)
        )
        .distinct()
        .order_by("name"),
        "topic": Topic.objects.filter(
            pk__in=GatheringPage.topics.through.objects.filter(gatheringpage__in=ids).values("topic")
        ).order_by("name"),
        "year": sorted({date.year for date in gatherings.dates("starts_at", "year")}, reverse=True),
    }


def calendar(request, index_page):
    try:
        when, values = parse_filters(request.GET)
        page_number = positive_int(request.GET.get("page", "1"), "page", maximum=MAX_PAGE)
    except BadParameter as error:
        return bad_request(request, index_page, str(error))
    visible = index_page.gatherings(request.user)
    gatherings = apply_filters(visible, when, values).prefetch_related("networks")
    page_obj = Paginator(gatherings, PAGE_SIZE).get_page(page_number)
    context = {
        "page": index_page,
        "self": index_page,
        "when": when,
        "chosen": values,
        "options": filter_options(visible),
        "page_obj": page_obj,
        "gatherings": page_obj.object_list,
        "query_without_page": "&".join(
            f"{name}={value}" for name in ("when", *LOOKUPS) for value in request.GET.getlist(name)
        ),
    }
    return TemplateResponse(request, "gatherings/gathering_index_page.html", context)


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request, index_page, network_slug=None):
    """Subscribable feeds: what an anonymous reader may see, whoever asks (calendar apps
    subscribe without signing in, and a feed URL is easily shared)."""
    from experiences.models import Network

    gatherings = public_pages(GatheringPage.objects.live().descendant_of(index_page))
    name = index_page.title
    filename = "erfa.ics"
    if network_slug is not None:
        network = get_object_or_404(Network, slug=network_slug)
        gatherings = gatherings.filter(networks=network)
        name = f"{network.name} – {index_page.title}"
        filename = f"{network.slug}.ics"
    gatherings = gatherings.order_by("-starts_at").prefetch_related("networks", "sessions")[:FEED_SIZE]
    return _ics_response(calendar_of(gatherings, name), filename)


def gathering_ics(request, page):
    # Wagtail has already checked the page's privacy against this reader before routing here.
    return _ics_response(calendar_of([page], page.title), f"{page.slug}.ics")


def _signed_in_post(request, page):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    return None


def _over_limit(request):
    rate = parse_rate(settings.ERFA_RATE_LIMITS.get("registration", ""))
    if rate is None:
        return None
    wait = hit("registration", f"user:{request.user.pk}", rate)
    return too_many_requests(request, wait) if wait else None


def register(request, page):
    refused = _signed_in_post(request, page) or _over_limit(request)
    if refused:
        return refused
    if not page.accepts_registrations():
        return TemplateResponse(
            request,
            "gatherings/bad_request.html",
            {"page": page, "error_message": _("This gathering does not take registrations.")},
            status=400,
        )
    registration.register(page, request.user)
    return HttpResponseRedirect(f"{page.url}#registration")


def cancel(request, page):
    refused = _signed_in_post(request, page) or _over_limit(request)
    if refused:
        return refused
    registration.cancel(page, request.user)
    return HttpResponseRedirect(f"{page.url}#registration")


def participants_csv(request, page):
    """The organiser's list of who registered: personal data, so for organisers only."""
    if not is_organiser(request.user, page):
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-participants.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so spreadsheet programs read the Nordic letters as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("E-mail"), _("Municipality"), _("Status"), _("Registered")])
    rows = page.registrations.select_related("user", "municipality").order_by("waiting", "created", "pk")
    for row in rows:
        writer.writerow(
            [
                _safe(row.user.get_full_name() or row.user.get_username()),
                _safe(row.user.email),
                _safe(row.municipality.name if row.municipality else ""),
                _("waiting list") if row.waiting else _("confirmed"),
                timezone.localtime(row.created, page.tz).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response


def _safe(value):
    """A cell a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
