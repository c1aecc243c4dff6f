"""Load the 20 first-level units of Kazakhstan from people/data/regions.json."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.json"


def load_regions(apps, schema_editor):
    Region = apps.get_model("people", "Region")
    units = json.loads(DATA.read_text(encoding="utf-8"))["units"]
    for unit in units:
        Region.objects.update_or_create(
            iso_code=unit["iso_code"],
            defaults={
                "kind": unit["kind"],
                "name_kk": unit["name_kk"],
                "name_ru": unit["name_ru"],
                "name_en": unit["name_en"],
                "admin_centre": unit.get("admin_centre_en") or "",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
