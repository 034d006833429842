"""Seed the editor-managed equivalence list from search/data/equivalences.txt."""

from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "data" / "equivalences.txt"


def seed(apps, schema_editor):
    Equivalence = apps.get_model("erfa_search", "Equivalence")
    if Equivalence.objects.exists() or not SEED.exists():
        return
    groups = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "," in line:
            groups.append(Equivalence(terms=line))
    Equivalence.objects.bulk_create(groups)


class Migration(migrations.Migration):
    dependencies = [("erfa_search", "0002_equivalence")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
