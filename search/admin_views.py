"""The public click redirect and the admin's "Search insight" report."""

from django import forms
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wagtail.models import Page

from core.visibility import visible_pages

from .insight_models import SearchLog
from .insights import DEFAULT_PERIOD, MIN_SEARCHES_WITHOUT_CLICKS, PERIODS, insight_report, record_click
from .params import MAX_RESULT_WINDOW

# Ids beyond what the database can hold are answered 404 before any query (SQLite
# would otherwise raise OverflowError, a 500).
MAX_ID = 2**63 - 1
VIEW_PERMISSION = "erfa_search.view_searchlog"
ADD_EQUIVALENCE_PERMISSION = "erfa_search.add_equivalence"


# Not in the request's transaction: a read, then one best-effort write (core.best_effort),
# so a busy database drops the click instead of answering 500.
@transaction.non_atomic_requests
@require_GET
@never_cache
def follow_click(request, log_id, page_id, position):
    """Count a click on a search result, then send the reader to the page (302).

    Only to the page's own URL, and only for a live page the reader may see (internal pages
    for signed-in readers), so this is never an open redirect and never reveals a draft or
    private page. Unknown or
    out-of-range ids answer 404. Bots and prefetches are redirected but not counted.
    """
    if not (0 < log_id <= MAX_ID and 0 < page_id <= MAX_ID and 0 < position <= MAX_RESULT_WINDOW):
        raise Http404
    page = visible_pages(Page.objects.live().filter(pk=page_id), request.user).specific().first()
    if page is None or not SearchLog.objects.filter(pk=log_id).exists():
        raise Http404
    url = page.get_url(request)
    if not url:
        raise Http404
    record_click(request, log_id, page_id, position)
    return HttpResponseRedirect(url)


def can_view_insight(user):
    """Admin users who may read the search log: superusers, and editors given
    "Can view search log entry" (``erfa_search.view_searchlog``) through their group."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and user.has_perm(VIEW_PERMISSION)
    )


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        label=gettext_lazy("Period"),
        choices=[
            (7, gettext_lazy("Last 7 days")),
            (30, gettext_lazy("Last 30 days")),
            (90, gettext_lazy("Last 90 days")),
        ],
        coerce=int,
        initial=DEFAULT_PERIOD,
        required=False,
        empty_value=DEFAULT_PERIOD,
    )


def search_insight(request):
    """Admin report (registered under Reports). Reached only through Wagtail's admin URLs,
    which already send anonymous users to the login page."""
    if not can_view_insight(request.user):
        return TemplateResponse(request, "search/admin/forbidden.html", {"page_title": _("Search insight")}, status=403)
    form = PeriodForm(request.GET or None)
    days = DEFAULT_PERIOD
    period_error = False
    if form.is_bound:
        if form.is_valid():
            days = form.cleaned_data["days"] or DEFAULT_PERIOD
        else:
            period_error = True
            form = PeriodForm(initial={"days": DEFAULT_PERIOD})
    if days not in PERIODS:  # the form's choices already guarantee it
        days = DEFAULT_PERIOD
    report = insight_report(days)
    can_add_equivalence = request.user.has_perm(ADD_EQUIVALENCE_PERMISSION)
    return TemplateResponse(
        request,
        "search/admin/insight.html",
        {
            "page_title": _("Search insight"),
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": "", "label": _("Search insight")},
            ],
            "form": form,
            "period_error": period_error,
            "report": report,
            "can_add_equivalence": can_add_equivalence,
            "min_searches_without_clicks": MIN_SEARCHES_WITHOUT_CLICKS,
        },
    )
