from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .overdue import can_view_report


class OverdueGuidesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


@hooks.register("register_admin_urls")
def register_overdue_guides_urls():
    return [path("overdue-guides/", admin_views.overdue_guides_report, name="erfa_overdue_guides")]


@hooks.register("register_reports_menu_item")
def register_overdue_guides_menu_item():
    return OverdueGuidesMenuItem(
        _("Overdue guides"), reverse("erfa_overdue_guides"), name="overdue-guides", icon_name="time", order=1320
    )
