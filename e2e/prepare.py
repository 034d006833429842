"""Prepare the database the e2e server runs on: schema, demo content, search index, users.

Run as `python -m e2e.prepare` with DJANGO_SETTINGS_MODULE=e2e.settings and DATABASE_URL set.
"""

import django
from django.core.management import call_command


def create_people():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    from experiences.models import ExperienceIndexPage

    from .roles import CONTRIBUTOR, CONTRIBUTOR_GROUP, EDITOR, EDITOR_GROUP

    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    add_document = Permission.objects.get(content_type__app_label="wagtaildocs", codename="add_document")
    choose_document = Permission.objects.get(content_type__app_label="wagtaildocs", codename="choose_document")

    contributors, _ = Group.objects.get_or_create(name=CONTRIBUTOR_GROUP)
    contributors.permissions.add(admin_access)
    # Documents are permitted per collection, not per model.
    for permission in (add_document, choose_document):
        GroupCollectionPermission.objects.get_or_create(
            group=contributors, collection=Collection.get_first_root_node(), permission=permission
        )
    index = ExperienceIndexPage.objects.get()
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=contributors, page=index, permission=Permission.objects.get(codename=codename)
        )
    editors = Group.objects.get(name=EDITOR_GROUP)

    users = get_user_model().objects
    for person, group in ((CONTRIBUTOR, contributors), (EDITOR, editors)):
        user = users.filter(username=person["username"]).first() or users.create_user(
            person["username"], email=f"{person['username']}@example.org", password=person["password"]
        )
        user.groups.add(group)


def main():
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    call_command("reindex", verbosity=0)
    create_people()


if __name__ == "__main__":
    main()
