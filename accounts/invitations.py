"""Invitation emails: a set-password link built from Django's password reset token."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.text import single_line
from core.urls import absolute_url


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    return absolute_url(path)


def send_invitation(user, invited_by=None, language=None):
    with translation.override(language or translation.get_language()):
        context = {
            "user": user,
            "invited_by": invited_by,
            "url": set_password_url(user),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = _("You are invited to %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(single_line(subject), body, settings.DEFAULT_FROM_EMAIL, [user.email])
