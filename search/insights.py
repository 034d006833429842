"""Editor's picks, search logging and click tracking for the search page.

- ``promoted_pages(query)``: the pages editors promoted for a query (Settings → Promoted
  search results, ``wagtail.contrib.search_promotions``), live and public only.
- ``log_search(request, params, response)``: one anonymous ``SearchLog`` row per search.
- ``click_url(log, hit, position)`` / ``annotate_click_urls(...)``: result links that pass
  through ``search.admin_views.follow_click``, which records a ``SearchClick``.
- ``insight_report(days)``: the numbers behind the admin's "Search insight" report.

Nothing here stores who searched: no user, no IP address, no session, no user agent
(a click's address is only an expiring cache key, so one reader counts once).
Logging must never break a search, so a failed insert is logged and forgotten.
"""

import datetime
import logging
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Avg, Count, F, Max, Q
from django.db.models.functions import TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core import best_effort
from core.bots import is_bot
from core.visibility import visible_pages
from security.ratelimit import client_key

from .insight_models import MAX_LOGGED_QUERY_LENGTH, UI_LANGUAGES, SearchClick, SearchLog

logger = logging.getLogger(__name__)

UI_LANGUAGE_CODES = tuple(code for code, _label in UI_LANGUAGES)
DEFAULT_UI_LANGUAGE = settings.LANGUAGE_CODE

# ---------------------------------------------------------------------------------------
# Editor's picks


def promoted_pages(query_text, user=None):
    """Live pages promoted for ``query_text`` that ``user`` may see, specific, in the editors' order.

    The text is normalised the way ``Query.get`` does (lower case, single spaces, at most
    255 characters) and matched case-insensitively; no ``Query`` row is ever created here.
    Drafts, unpublished pages and pages behind a view restriction ``user`` does not pass
    (on themselves or an ancestor) are left out, as are pages no site can route to.
    """
    if not apps.is_installed("wagtail.contrib.search_promotions"):
        return []
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query_string(" ".join((query_text or "").split()))
    if not normalised:
        return []
    page_ids = list(
        SearchPromotion.objects.filter(query__query_string__iexact=normalised, page__isnull=False)
        .order_by(F("sort_order").asc(nulls_last=True), "pk")
        .values_list("page_id", flat=True)
    )
    if not page_ids:
        return []
    visible = visible_pages(Page.objects.live().filter(pk__in=page_ids), user)
    pages = {page.pk: page for page in visible.specific()}
    return [
        pages[page_id]
        for page_id in dict.fromkeys(page_ids)
        if page_id in pages and pages[page_id].get_url() is not None
    ]


# ---------------------------------------------------------------------------------------
# Search logging

EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# Runs of digits, optionally split by single spaces, dots, dashes or a plus: phone numbers,
# fødselsnummer (11 digits), personnummer (YYMMDD-NNNN, YYYYMMDDNNNN).
NUMBER_RUN = re.compile(r"\+?\d(?:[ .\-]?\d)+")
MIN_PERSONAL_DIGITS = 8
REDACTED_EMAIL = "[email]"
REDACTED_NUMBER = "[number]"


def _redact_number(match):
    text = match.group(0)
    digits = sum(char.isdigit() for char in text)
    groups = re.split(r"[ .\-+]+", text.strip("+"))
    # A list of years or municipality numbers ("2019 2020", "5001 5028") is not personal.
    if digits < MIN_PERSONAL_DIGITS or all(len(group) == 4 for group in groups if group):
        return text
    return REDACTED_NUMBER


def normalise_logged_query(text):
    """Lower case, single spaces, at most 255 characters, e-mails and long numbers blanked out."""
    text = EMAIL.sub(REDACTED_EMAIL, text or "")
    text = NUMBER_RUN.sub(_redact_number, text)
    return " ".join(text.split()).lower()[:MAX_LOGGED_QUERY_LENGTH].rstrip()


def ui_language(request):
    """The UI language of the request (nb, sv or en), as chosen by LocaleMiddleware."""
    code = (getattr(request, "LANGUAGE_CODE", "") or "").lower().split("-")[0]
    return code if code in UI_LANGUAGE_CODES else DEFAULT_UI_LANGUAGE


def _jsonable_filters(filters):
    return {name: list(values) for name, values in sorted((filters or {}).items()) if values}


def log_search(request, params, response):
    """Record one search (one INSERT) and return the row, or None when nothing is logged.

    Not logged: empty queries, later result pages (page 2 onwards repeats a search that is
    already counted), bots and prefetches. ``params`` is a ``SearchParams``, ``response``
    a ``SearchResponse``.
    """
    if not params.query or getattr(params, "page", 1) != 1 or is_bot(request):
        return None
    query = normalise_logged_query(params.query)
    if not query:
        return None
    try:
        # A savepoint, so a failed insert cannot break the request's transaction.
        with transaction.atomic():
            return SearchLog.objects.create(
                query=query,
                ui_language=ui_language(request),
                results=max(int(response.total or 0), 0),
                engine=(response.engine or "")[:20],
                filters=_jsonable_filters(getattr(params, "active_filters", params.filters)),
            )
    except DatabaseError:
        logger.exception("Could not log a search")
        return None


# ---------------------------------------------------------------------------------------
# Click tracking


def _hit_value(hit, name):
    return hit.get(name) if isinstance(hit, dict) else getattr(hit, name, None)


def click_url(log, hit, position):
    """``/search/go/<log>/<page>/<position>/`` for a result; its own URL when not logged.

    ``hit`` is a ``search.service.Hit`` (or a dict with ``page_id`` and ``url``, or a page);
    ``position`` counts from 1 across result pages.
    """
    url = _hit_value(hit, "url") or ""
    page_id = _hit_value(hit, "page_id") or (hit.pk if isinstance(hit, Page) else None)
    if log is None or not page_id:
        return url
    log_id = log if isinstance(log, int) else log.pk
    try:
        return reverse("search_click", kwargs={"log_id": log_id, "page_id": int(page_id), "position": int(position)})
    except NoReverseMatch:  # the URL pattern is not installed: plain links still work
        return url


def annotate_click_urls(log, hits, start=1):
    """Give each hit a ``click_url`` (attribute, or key for dicts), numbered from ``start``."""
    for position, hit in enumerate(hits, start=start):
        value = click_url(log, hit, position)
        if isinstance(hit, dict):
            hit["click_url"] = value
        else:
            hit.click_url = value
    return hits


# A reader's address follows one result of one search at most once a day: reloading or
# scripting /search/go/ cannot inflate a page's clicks (the view is also rate-limited).
CLICK_ONCE_SECONDS = 24 * 3600


def record_click(request, log_id, page_id, position):
    """Store a click on a logged search, at most once per address, search and page.

    Bots and prefetches are not counted. Written as a best-effort write (core.best_effort):
    when the database stays busy the click is dropped, never the reader's redirect. The
    address only forms a cache key that expires; it is never stored with the click.
    """
    if is_bot(request):
        return None
    once_key = f"erfa:click:{client_key(request)}:{log_id}:{page_id}"
    if not cache.add(once_key, 1, timeout=CLICK_ONCE_SECONDS):
        return None
    return best_effort.write(
        "a search click", SearchClick.objects.create, log_id=log_id, page_id=page_id, position=position
    )


# ---------------------------------------------------------------------------------------
# The admin report

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
REPORT_ROWS = 50
MIN_SEARCHES_WITHOUT_CLICKS = 2


@dataclass
class DayCount:
    day: datetime.date
    searches: int
    percent: int  # of the busiest day, for the bar width


@dataclass
class InsightReport:
    days: int
    since: datetime.datetime
    until: datetime.datetime
    searches: int = 0
    zero_result_searches: int = 0
    searches_with_clicks: int = 0
    frequent: list = field(default_factory=list)
    zero_results: list = field(default_factory=list)  # [(code, label, rows)]
    without_clicks: list = field(default_factory=list)
    per_day: list = field(default_factory=list)

    @property
    def zero_result_rate(self):
        return round(100 * self.zero_result_searches / self.searches) if self.searches else 0

    @property
    def click_rate(self):
        return round(100 * self.searches_with_clicks / self.searches) if self.searches else 0


def period_start(days, now=None):
    """Midnight (local time) at the start of the period: today and the ``days - 1`` before."""
    today = timezone.localtime(now).date()
    first = today - datetime.timedelta(days=days - 1)
    return timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))


def equivalence_add_url(query):
    """The Equivalence snippet's create view with ``terms`` prefilled, or None if not registered."""
    try:
        base = reverse("wagtailsnippets_erfa_search_equivalence:add")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({'terms': query})}"


def insight_report(days=DEFAULT_PERIOD, now=None, rows=REPORT_ROWS):
    """Frequent queries, zero-result queries per UI language, searched-but-never-clicked
    queries and searches per day, for today and the ``days - 1`` days before."""
    now = now or timezone.now()
    since = period_start(days, now)
    logs = SearchLog.objects.filter(created_at__gte=since, created_at__lte=now)
    report = InsightReport(days=days, since=since, until=now)

    totals = logs.aggregate(searches=Count("pk"), zero=Count("pk", filter=Q(results=0)))
    report.searches = totals["searches"]
    report.zero_result_searches = totals["zero"]
    if not report.searches:
        report.per_day = _per_day(logs, since, now)
        return report
    report.searches_with_clicks = logs.filter(clicks__isnull=False).values("pk").distinct().count()

    report.frequent = list(
        logs.values("query")
        .annotate(searches=Count("pk"), average_results=Avg("results"))
        .order_by("-searches", "query")[:rows]
    )

    zero_rows = list(
        logs.filter(results=0)
        .values("ui_language", "query")
        .annotate(searches=Count("pk"), last_searched=Max("created_at"))
        .order_by("ui_language", "-searches", "query")
    )
    for code, label in UI_LANGUAGES:
        language_rows = [row for row in zero_rows if row["ui_language"] == code][:rows]
        if language_rows:
            for row in language_rows:
                row["add_equivalence_url"] = equivalence_add_url(row["query"])
            report.zero_results.append((code, label, language_rows))

    report.without_clicks = list(
        logs.filter(results__gt=0)
        .values("query")
        .annotate(
            searches=Count("pk", distinct=True),
            clicks=Count("clicks"),
            average_results=Avg("results"),
        )
        .filter(searches__gte=MIN_SEARCHES_WITHOUT_CLICKS, clicks=0)
        .order_by("-searches", "query")[:rows]
    )
    report.per_day = _per_day(logs, since, now)
    return report


def _per_day(logs, since, now):
    counts = {
        row["day"]: row["searches"]
        for row in logs.annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(searches=Count("pk"))
        .order_by("day")
    }
    first, last = timezone.localtime(since).date(), timezone.localtime(now).date()
    busiest = max(counts.values(), default=0)
    days = []
    day = first
    while day <= last:
        searches = counts.get(day, 0)
        days.append(DayCount(day, searches, round(100 * searches / busiest) if busiest else 0))
        day += datetime.timedelta(days=1)
    return days
