"""Admin: the editors' dashboard (menu item and view), its permission, and the read counter."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from experiences.models import ExperiencePage

from . import views


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_dashboard(request.user)


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    # Wagtail wraps these in its admin access check: anonymous users go to the login page.
    return [path("editors-dashboard/", views.dashboard, name="erfa_dashboard")]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Editors' dashboard"), reverse("erfa_dashboard"), name="editors-dashboard", icon_name="table", order=150
    )


@hooks.register("register_permissions")
def register_dashboard_permission():
    return Permission.objects.filter(content_type__app_label="dashboard", codename="view_dashboard")


@hooks.register("before_serve_page")
def count_experience_views(page, request, serve_args, serve_kwargs):
    # Only real reads: GET, not a bot; previews never pass through this hook.
    if isinstance(page, ExperiencePage) and request.method == "GET":
        # Written after the view's transaction by views_counter.ViewCountMiddleware; the page
        # cache keeps the id with the rendering, so later reads of it are counted too.
        request.erfa_counted_page_id = page.pk
