"""The home page and standard page models now live in the home app (home/migrations/0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="StandardPage"),
                migrations.DeleteModel(name="HomePage"),
            ],
            database_operations=[],
        ),
    ]
