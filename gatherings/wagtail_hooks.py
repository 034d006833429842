from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_views
from .models import GatheringPage


@hooks.register("register_admin_urls")
def register_session_report_urls():
    return [
        path(
            "gatherings/<int:page_id>/session-reports/",
            admin_views.session_reports,
            name="erfa_gathering_session_reports",
        )
    ]


@hooks.register("register_page_header_buttons")
def session_reports_button(page, user, view_name, next_url=None):
    if page.specific_class is GatheringPage and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Sessions to experience reports"),
            url=reverse("erfa_gathering_session_reports", args=[page.pk]),
            icon_name="doc-full",
            priority=80,
        )
