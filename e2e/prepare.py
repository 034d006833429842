"""Prepare the database the e2e server runs on: schema, demo content, search index, users.

Run as `python -m e2e.prepare` with DJANGO_SETTINGS_MODULE=e2e.settings and DATABASE_URL set.
"""

import django
from django.core.management import call_command


def create_people():
    """The contributor and the editor, in the real role groups, through the same calls the admin uses."""
    from django.contrib.auth import get_user_model

    from wagtail.users.models import UserProfile

    from accounts.membership import assign, set_role
    from experiences.models import Municipality

    from .roles import (
        CONTRIBUTOR,
        CONTRIBUTOR_GROUP,
        CONTRIBUTOR_MUNICIPALITY,
        EDITOR,
        EDITOR_GROUP,
        SWEDISH_CONTRIBUTOR,
        SWEDISH_CONTRIBUTOR_MUNICIPALITY,
    )

    users = get_user_model().objects
    people = {}
    for person, group in ((CONTRIBUTOR, CONTRIBUTOR_GROUP), (EDITOR, EDITOR_GROUP)):
        user = users.filter(username=person["username"]).first() or users.create_user(
            person["username"], email=f"{person['username']}@example.org", password=person["password"]
        )
        set_role(user, group)
        people[group] = user
    assign(people[CONTRIBUTOR_GROUP], Municipality.objects.filter(name=CONTRIBUTOR_MUNICIPALITY))

    person = SWEDISH_CONTRIBUTOR
    swede = users.filter(username=person["username"]).first() or users.create_user(
        person["username"], email=f"{person['username']}@example.org", password=person["password"]
    )
    set_role(swede, CONTRIBUTOR_GROUP)
    assign(swede, Municipality.objects.filter(name=SWEDISH_CONTRIBUTOR_MUNICIPALITY))
    profile = UserProfile.get_for_user(swede)
    profile.preferred_language = person["language"]
    profile.save()


def main():
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    call_command("reindex", verbosity=0)
    create_people()


if __name__ == "__main__":
    main()
