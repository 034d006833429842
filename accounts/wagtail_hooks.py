from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from experiences.models import ExperiencePage

from . import views
from .scope import municipality_scope


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return views.membership_viewset


class InviteMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_manage_users(request.user)


@hooks.register("register_admin_urls")
def register_invite_url():
    return [path("invite/", views.InviteView.as_view(), name="erfa_invite_user")]


@hooks.register("register_settings_menu_item")
def register_invite_menu_item():
    return InviteMenuItem(
        _("Invite a user"), reverse("erfa_invite_user"), name="invite-user", icon_name="mail", order=601
    )


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action("erfa.sign_in", _("Sign-in"), _("Signed in"))
    actions.register_action("erfa.sign_in_failed", _("Failed sign-in"), _("Sign-in failed"))
    actions.register_action(
        "erfa.sign_in_failed_many", _("Many failed sign-ins"), _("More failed sign-ins from one address, counted")
    )
    actions.register_action("erfa.groups_changed", _("Role change"), _("Roles changed"))
    actions.register_action("erfa.permissions_changed", _("Permission change"), _("Permissions changed"))
    actions.register_action("erfa.membership", _("Membership change"), _("Municipalities changed"))


def _hide_foreign_drafts(pages, request):
    """Other municipalities' drafts stay out of a scoped user's explorer, search, chooser and exports.

    Their live reports stay listed (they are public anyway, and a contributor links to them as
    related experiences); the page permission tester keeps them read-only.
    """
    scope = municipality_scope(request.user)
    if scope is None:
        return pages
    foreign_drafts = ExperiencePage.objects.filter(live=False).exclude(municipalities__in=scope)
    return pages.exclude(Q(pk__in=foreign_drafts.values("pk")))


@hooks.register("construct_explorer_page_queryset")
def hide_foreign_drafts_in_explorer(parent_page, pages, request):
    return _hide_foreign_drafts(pages, request)


@hooks.register("construct_page_chooser_queryset")
def hide_foreign_drafts_in_chooser(pages, request):
    return _hide_foreign_drafts(pages, request)
