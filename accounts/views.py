"""Admin views: invite a user, and manage memberships."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import InvitationForm
from .invitations import send_invitation
from .membership import assign, set_role
from .models import Membership


def can_manage_users(user):
    return user.has_perm("auth.add_user") and user.has_perm("accounts.change_membership")


class InviteView(WagtailAdminTemplateMixin, FormView):
    form_class = InvitationForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = gettext_lazy("Invite a user")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_users(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse("erfa_invite_user"),
            submit_button_label=_("Create the account and send the invitation"),
            submit_button_active_label=_("Sending…"),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        user = get_user_model().objects.create_user(
            username=data["email"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            password=None,  # unusable until the invitee chooses one through the link
        )
        set_role(user, data["role"].name if data["role"] else None, actor=self.request.user)
        assign(user, data["municipalities"], data["networks"], actor=self.request.user)
        send_invitation(user, invited_by=self.request.user)
        messages.success(self.request, _("%(email)s is invited.") % {"email": user.email})
        return redirect("wagtailusers_users:index")


class MembershipForm(WagtailAdminModelForm):
    class Meta:
        model = Membership
        fields = ["user", "municipalities", "networks"]

    def clean(self):
        cleaned = super().clean()
        from .membership import may_change_scopes

        # The view checks the model permission; this also refuses a limited user holding it.
        if not may_change_scopes(self.for_user):
            raise ValidationError(_("Only administrators change memberships."))
        return cleaned

    def save(self, commit=True):
        # Through ``assign``, so the change is logged the same way as from an invitation or sign-in mapper.
        instance = super().save(commit=False)
        instance.save()
        assign(instance.user, self.cleaned_data["municipalities"], self.cleaned_data["networks"], actor=self.for_user)
        return instance


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = gettext_lazy("Memberships")
    add_to_settings_menu = True
    list_display = ["user", "municipality_list", "network_list"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_filter = ["municipalities", "networks"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return MembershipForm


membership_viewset = MembershipViewSet("memberships")
