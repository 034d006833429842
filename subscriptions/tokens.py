"""Signed unsubscribe tokens: anyone holding the link may stop that user's digest, nothing more."""

from django.core import signing

from core.params import ascii_int

SALT = "erfa.subscriptions.unsubscribe"


def make_token(user):
    return signing.Signer(salt=SALT).sign(str(user.pk))


def user_id_from_token(token):
    """The user id, or None for a forged or mangled token."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return ascii_int(value)
