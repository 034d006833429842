"""User accounts in the GDPR registry (``core.personal_data``): export only.

An account is not erased by ``erase_contact_person``: deleting or changing it is a decision
for Settings → Users, and rewriting it here could lock someone out. Failed sign-ins with the
address as user name are audit entries (``accounts.audit``); the registry's text walker finds
and redacts their user name in the entry's label and data, and the entry itself stays.
"""

from django.contrib.auth import get_user_model

from core import personal_data


def find_users(person):
    users = get_user_model().objects.filter(email__iexact=person.email)
    return [
        {
            "kind": "user",
            "description": "User account (remove or change it in Settings → Users)",
            "kept": True,
            "user_id": user.pk,
            "username": user.get_username(),
            "fields": {"email": user.email, "first_name": user.first_name, "last_name": user.last_name},
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
        for user in users
    ]


def find_external_identities(person):
    """Who the person is at identity providers (OIDC sign-in): kept with the account, like it."""
    from .models import ExternalIdentity

    identities = ExternalIdentity.objects.filter(user__email__iexact=person.email).select_related("user")
    return [
        {
            "kind": "external_identity",
            "description": "Sign-in through an identity provider (removed with the user account)",
            "kept": True,
            "user_id": identity.user_id,
            "fields": {
                "provider": identity.provider,
                "subject": identity.subject,
                "organisation": identity.organisation,
            },
            "first_sign_in": identity.created.isoformat(),
            "last_sign_in": identity.last_sign_in.isoformat(),
        }
        for identity in identities
    ]


def register(app_config):
    personal_data.register(find_users)
    personal_data.register(find_external_identities)
    personal_data.register_models(*app_config.get_models())
