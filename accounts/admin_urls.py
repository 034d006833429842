"""Admin paths whose Wagtail view is replaced by a scoped subclass (see ``admin_views``).

Same paths and URL names as Wagtail's, included ahead of Wagtail's admin URLs, and behind the
same admin sign-in check.
"""

from django.urls import path

from wagtail.admin.auth import require_admin_access

from .admin_views import ScopedPageTypesUsageReportView

urlpatterns = [
    path(
        "reports/page-types-usage/",
        require_admin_access(ScopedPageTypesUsageReportView.as_view()),
        name="erfa_page_types_usage",
    ),
    path(
        "reports/page-types-usage/results/",
        require_admin_access(ScopedPageTypesUsageReportView.as_view(results_only=True)),
        name="erfa_page_types_usage_results",
    ),
]
