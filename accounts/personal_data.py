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


def register(app_config):
    personal_data.register(find_users)
    personal_data.register_models(*app_config.get_models())
