"""Experience reports in the GDPR registry (``core.personal_data``).

A report's contact person (name, role, address) is emptied together wherever the address or
the name matches; every text of every model here (reports, networks, municipalities, national
solutions, attachments) is walked for the person as well.
"""

from core import personal_data
from core.personal_contact import register_contact_fields


def register(app_config):
    from .models import ExperiencePage

    register_contact_fields(
        ExperiencePage,
        "contact_email",
        "contact_name",
        ("contact_role",),
        kind="contact_person",
        description="Contact person on an experience report (and in its revisions)",
    )
    personal_data.register_models(*app_config.get_models())
