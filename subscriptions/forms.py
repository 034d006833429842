from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from experiences.models import Municipality, NationalSolution, Network, Topic

from .models import FREQUENCIES

FOLLOW_FIELDS = {
    "topic": (Topic, _("Topics")),
    "municipality": (Municipality, _("Municipalities")),
    "network": (Network, _("Networks")),
    "solution": (NationalSolution, _("National solutions")),
}


class SubscriptionForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Email digest"), choices=FREQUENCIES, widget=forms.RadioSelect)
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, (model, label) in FOLLOW_FIELDS.items():
            self.fields[kind] = forms.ModelMultipleChoiceField(
                label=label,
                queryset=model.objects.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("One of the chosen items no longer exists.")},
            )


class FollowForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind, kind) for kind in FOLLOW_FIELDS])
    slug = forms.SlugField(max_length=80)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("unfollow", "unfollow")])
    next = forms.CharField(required=False, max_length=2000)
