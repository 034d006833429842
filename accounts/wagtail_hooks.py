from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .admin_views import SCOPED_BULK_ACTIONS
from .public_media import public_media_viewset
from .scope import pages_in_scope


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return views.membership_viewset


@hooks.register("register_admin_viewset")
def register_public_media_viewset():
    return public_media_viewset


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
    actions.register_action("erfa.network_members", _("Network members change"), _("Network members changed"))


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    # Others' live reports stay choosable as related experiences; only their public title shows.
    return pages_in_scope(pages, request.user, public_ok=True)


for _action in SCOPED_BULK_ACTIONS:
    # Registered after Wagtail's own (a higher order runs later), so these replace them.
    hooks.register("register_bulk_action", _action, order=1)
