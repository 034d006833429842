"""Editors and Administrators get the permissions of core.PublicMedia ("Public files");
the grants themselves live in accounts/roles.py."""

from django.db import migrations


def grant(apps, schema_editor):
    from accounts import roles

    roles.apply(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles_and_moderation_workflow"),
        ("core", "0003_public_media"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
