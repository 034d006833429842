"""Names and structural texts per UI language; the Swedish län get their English names."""

import json
from pathlib import Path

import wagtail.fields
from django.db import migrations, models

REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.json"


def name_regions(apps, schema_editor):
    Region = apps.get_model("experiences", "Region")
    for item in json.loads(REGIONS_FILE.read_text(encoding="utf-8")):
        names = {key: item[key] for key in ("name_sv", "name_en") if item.get(key)}
        if names:
            Region.objects.filter(country=item["country"], name=item["name"], name_en="", name_sv="").update(**names)


class Migration(migrations.Migration):
    dependencies = [
        ("experiences", "0002_regions"),
    ]

    operations = [
        migrations.AddField(
            model_name="experienceindexpage",
            name="intro_en",
            field=wagtail.fields.RichTextField(blank=True, verbose_name="introduction (English)"),
        ),
        migrations.AddField(
            model_name="experienceindexpage",
            name="intro_sv",
            field=wagtail.fields.RichTextField(blank=True, verbose_name="introduction (Swedish)"),
        ),
        migrations.AddField(
            model_name="experienceindexpage",
            name="title_en",
            field=models.CharField(blank=True, max_length=255, verbose_name="title (English)"),
        ),
        migrations.AddField(
            model_name="experienceindexpage",
            name="title_sv",
            field=models.CharField(blank=True, max_length=255, verbose_name="title (Swedish)"),
        ),
        migrations.AddField(
            model_name="nationalsolution",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="nationalsolution",
            name="name_sv",
            field=models.CharField(blank=True, max_length=100, verbose_name="name (Swedish)"),
        ),
        migrations.AddField(
            model_name="region",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="region",
            name="name_sv",
            field=models.CharField(blank=True, max_length=100, verbose_name="name (Swedish)"),
        ),
        migrations.RunPython(name_regions, migrations.RunPython.noop),
    ]
