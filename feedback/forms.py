from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from experiences.models import Municipality

from .models import COMMENT_MAX_LENGTH, QUESTION_MAX_LENGTH


def _comment_help_text():
    return _("At most %(max)d characters. Do not write personal information.") % {"max": COMMENT_MAX_LENGTH}


class UsefulForm(forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Was this useful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        # Formatted when shown, not at import: ``%`` on a lazy string would fix the language
        # the process happened to start in.
        help_text=lazy(_comment_help_text, str)(),
    )


class ReuseForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        empty_label=_("Choose a municipality"),
        error_messages={
            "required": _("Choose the municipality that reused this."),
            "invalid_choice": _("Choose a municipality from the list."),
        },
    )

    def __init__(self, *args, page, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only for the user's own municipalities, and a municipality cannot reuse its own report.
        self.fields["municipality"].queryset = (
            member_municipalities(user).exclude(pk__in=page.municipalities.values("pk")).order_by("name")
        )


def member_municipalities(user):
    """The municipalities the user's membership names (none for plain readers)."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    return Municipality.objects.filter(memberships__user=user).distinct()


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The contact person and Erfa's editors receive it by email, with your address to reply to."),
        error_messages={"required": _("Write your question.")},
    )
