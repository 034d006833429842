"""The editors' overview on the admin home, so editors land on what needs them rather than
on Wagtail's near-empty dashboard; the full overview stays at /admin/editors-dashboard/."""

from django.urls import reverse

from wagtail.admin.ui.components import Component

from . import reports


class EditorsOverviewPanel(Component):
    name = "editors_overview"
    template_name = "dashboard/includes/home_panel.html"
    # Wagtail's own panels start at 100: this one comes first.
    order = 10

    def get_context_data(self, parent_context):
        feedback_count, _items = reports.feedback_to_answer(limit=0)
        overdue = reports.overdue_guides()
        return {
            "dashboard_url": reverse("erfa_dashboard"),
            "feedback_count": feedback_count,
            "questions_count": reports.questions_to_answer(),
            "overdue_count": len(overdue),
            "overdue_guides": overdue[:5],
        }
