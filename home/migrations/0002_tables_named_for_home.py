"""The tables kept from core take the home app's names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("core", "0002_home_page_moves_to_home"),
    ]

    operations = [
        migrations.AlterModelTable(name="homepage", table=None),
        migrations.AlterModelTable(name="standardpage", table=None),
    ]
