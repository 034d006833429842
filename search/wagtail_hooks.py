"""Admin: the "Search insight" report under Reports, and its permission in the group editor."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .related import related_experiences


class SearchInsightMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_insight(request.user)


@hooks.register("register_admin_urls")
def register_search_insight_urls():
    # Wagtail wraps these in its admin access check: anonymous users go to the login page.
    return [path("search-insight/", admin_views.search_insight, name="erfa_search_insight")]


@hooks.register("register_reports_menu_item")
def register_search_insight_menu_item():
    return SearchInsightMenuItem(
        _("Search insight"),
        reverse("erfa_search_insight"),
        name="search-insight",
        icon_name="search",
        order=1310,
    )


@hooks.register("register_permissions")
def register_search_insight_permission():
    # Lets administrators give editors' groups "Can view search log entry" in Settings → Groups.
    return Permission.objects.filter(content_type__app_label="erfa_search", codename="view_searchlog")


@hooks.register("find_similar_experiences")
def find_similar_experiences(page, limit, user):
    # Experience pages show similar reports without importing search (search builds on them).
    return related_experiences(page, limit=limit, user=user)
