"""Guides and themes in the GDPR registry (``core.personal_data``).

A guide's owner (name and address) is emptied together wherever either matches; every text
of every page type here (guides, themes, the indexes) is walked for the person as well.
"""

from core import personal_data
from core.personal_contact import register_contact_fields


def register(app_config):
    from .models import GuidePage

    register_contact_fields(
        GuidePage,
        "owner_email",
        "owner_name",
        kind="guide_owner",
        description="Owner of a guide (and in its revisions)",
    )
    personal_data.register_models(*app_config.get_models())
