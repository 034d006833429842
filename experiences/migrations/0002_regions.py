"""Ship Norway's fylker (2024 structure) and Sweden's län as data."""

import json
from pathlib import Path

from django.db import migrations

from core.text import nordic_slugify

REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.json"


def load_regions(apps, schema_editor):
    Region = apps.get_model("experiences", "Region")
    for item in json.loads(REGIONS_FILE.read_text(encoding="utf-8")):
        Region.objects.update_or_create(
            country=item["country"],
            name=item["name"],
            defaults={"code": item["code"], "slug": nordic_slugify(item["name"])},
        )


class Migration(migrations.Migration):
    dependencies = [("experiences", "0001_initial")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
