"""Admin forms: the experience report form that keeps contributors to their municipalities,
and the invitation form administrators use to create accounts."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


class ScopedMunicipalitiesPageForm(WagtailAdminPageForm):
    """Contributors may add or remove only municipalities they belong to; others stay as they were."""

    def clean(self):
        cleaned = super().clean()
        if "municipalities" not in cleaned or self.for_user is None:
            return cleaned
        from .scope import municipality_scope, object_municipality_ids

        scope = municipality_scope(self.for_user)
        if scope is None:
            return cleaned
        chosen = {m.pk for m in cleaned["municipalities"]}
        before = object_municipality_ids(self.instance) if self.instance.pk else set()
        foreign_changes = (chosen ^ before) - scope
        if foreign_changes:
            self.add_error(
                "municipalities",
                _("You can only add or remove municipalities you belong to."),
            )
        elif not chosen & scope:
            self.add_error(
                "municipalities",
                _("Choose at least one of your own municipalities, or the report leaves your hands."),
            )
        return cleaned


class NetworkForm(WagtailAdminModelForm):
    """A network's members are the scope of the editors limited to it: only administrators change them.

    For everyone else the field is disabled, so whatever they post is ignored and the members
    stay as saved.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .membership import may_change_scopes

        if "members" in self.fields and not may_change_scopes(self.for_user):
            self.fields["members"].disabled = True
            self.fields["members"].help_text = _(
                "Only administrators change a network's members, because they decide what "
                "editors limited to the network may act for."
            )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ModelChoiceField(
        label=_("Role"),
        queryset=Group.objects.none(),
        required=False,
        help_text=_("Leave empty for a signed-in reader without editing rights."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    networks = forms.ModelMultipleChoiceField(
        label=_("Limit an editor to networks"),
        queryset=None,
        required=False,
        help_text=_("Editors only: leave empty to review for every municipality."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from experiences.models import Municipality, Network

        from .roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS

        self.fields["role"].queryset = Group.objects.filter(name__in=[CONTRIBUTORS, EDITORS, ADMINISTRATORS])
        self.fields["municipalities"].queryset = Municipality.objects.all()
        self.fields["networks"].queryset = Network.objects.all()

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
            raise ValidationError(_("An account with this email address already exists."))
        return email

    def clean(self):
        cleaned = super().clean()
        from .roles import CONTRIBUTORS

        role = cleaned.get("role")
        if role is not None and role.name == CONTRIBUTORS and not cleaned.get("municipalities"):
            self.add_error("municipalities", _("A contributor needs at least one municipality."))
        return cleaned


class MembershipForm(forms.Form):
    municipalities = InvitationForm.base_fields["municipalities"]
    networks = InvitationForm.base_fields["networks"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from experiences.models import Municipality, Network

        self.fields["municipalities"].queryset = Municipality.objects.all()
        self.fields["networks"].queryset = Network.objects.all()
