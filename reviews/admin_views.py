"""The admin report "Overdue guides" (Reports menu), for editors."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .overdue import can_view_report, overdue_guides, reminder_days


def overdue_guides_report(request):
    """Reached only through Wagtail's admin URLs, which send anonymous users to the login page."""
    title = _("Overdue guides")
    if not can_view_report(request.user):
        return TemplateResponse(
            request,
            "reviews/admin/forbidden.html",
            {"page_title": title},
            status=403,
        )
    return TemplateResponse(
        request,
        "reviews/admin/overdue_guides.html",
        {
            "page_title": title,
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": "", "label": title},
            ],
            "overdue": overdue_guides(),
            "reminder_days": reminder_days(),
        },
    )
