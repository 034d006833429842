from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from search.admin_views import can_view_insight

from . import reports
from .charts import column_chart, horizontal_chart

PERMISSION = "dashboard.view_dashboard"


def can_view_dashboard(user):
    """Superusers, and admin users whose group has "Can view the editors' dashboard" (the
    Editors and Administrators groups get it on migrate)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and user.has_perm(PERMISSION)
    )


def _reverse(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def dashboard(request):
    if not can_view_dashboard(request.user):
        return TemplateResponse(
            request, "dashboard/forbidden.html", {"page_title": _("Editors' dashboard")}, status=403
        )
    contributions = _("Experiences")
    charts = [
        horizontal_chart(
            "municipality",
            _("Contributions per municipality"),
            _("Published experience reports per municipality, the %(n)d with most first.") % {"n": reports.TOP},
            contributions,
            reports.per_municipality(),
        ),
        horizontal_chart(
            "region",
            _("Contributions per region"),
            _("Published experience reports per region, the %(n)d with most first.") % {"n": reports.TOP},
            contributions,
            reports.per_region(),
        ),
        horizontal_chart(
            "topic",
            _("Contributions per topic"),
            _("Published experience reports per topic, the %(n)d with most first.") % {"n": reports.TOP},
            contributions,
            reports.per_topic(),
        ),
        column_chart(
            "month",
            _("Contributions per month"),
            _("Experience reports first published in each of the last twelve months, oldest first."),
            contributions,
            reports.per_month(),
        ),
    ]
    feedback_count, feedback_items = reports.feedback_to_answer()
    context = {
        "page_title": _("Editors' dashboard"),
        "charts": charts,
        "most_read": reports.most_read(),
        "read_period_days": reports.READ_PERIOD_DAYS,
        "most_reused": reports.most_reused(),
        "feedback_count": feedback_count,
        "feedback_items": feedback_items,
        "feedback_url": _reverse("reader_feedback:index"),
        "questions_count": reports.questions_to_answer(),
        "questions_url": _reverse("reader_questions:index"),
        "overdue_guides": reports.overdue_guides(),
        "search_insight_url": reverse("erfa_search_insight") if can_view_insight(request.user) else "",
    }
    return TemplateResponse(request, "dashboard/dashboard.html", context)
