"""Contributors, Editors and Administrators with their grants, and the Moderation workflow on
the experience and wiki indexes. The role definitions live in accounts/roles.py."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from accounts import roles

    roles.apply(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("erfa_search", "0004_search_insight"),
        ("experiences", "0002_regions"),
        ("wiki", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
