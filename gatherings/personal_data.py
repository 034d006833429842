"""Gatherings in the GDPR registry (``core.personal_data``).

A registration says that a person signed up for a gathering (and from which municipality):
exported, and erased by deleting it, which gives a freed place to the waiting list. Speakers'
names in programmes are text on pages; the registry's walker finds and erases them there.
"""

from core import personal_data


def _registrations(person):
    from .models import Registration

    return Registration.objects.filter(user__email__iexact=person.email).select_related(
        "gathering", "municipality", "user"
    )


def find_registrations(person):
    return [
        {
            "kind": "gathering_registration",
            "description": "Registration for a gathering",
            "user_id": registration.user_id,
            "gathering_id": registration.gathering_id,
            "gathering": registration.gathering.title,
            "municipality": registration.municipality.name if registration.municipality else "",
            "waiting_list": registration.waiting,
            "registered": registration.created.isoformat(),
        }
        for registration in _registrations(person)
    ]


def erase_registrations(person, dry_run=False, user=None):
    from .registration import promote_waiting

    changes = []
    for registration in _registrations(person):
        changes.append(
            {
                "kind": "gathering_registration",
                "description": "Registration for a gathering deleted",
                "gathering_id": registration.gathering_id,
            }
        )
        if not dry_run:
            gathering = registration.gathering
            registration.delete()
            promote_waiting(gathering)
    return changes


def register(app_config):
    personal_data.register(find_registrations)
    personal_data.register_eraser(erase_registrations)
    personal_data.register_models(*app_config.get_models())
