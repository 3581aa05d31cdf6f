"""R-ORG-1: the five DHS service areas and Iowa's 99 counties, as reference data every install needs.

A statewide coordinator corrects the county-to-area assignment in the admin afterwards.
"""

from django.db import migrations

from parentpartner.data.iowa_counties import COUNTIES, SERVICE_AREAS


def load(apps, schema_editor):
    ServiceArea = apps.get_model("parentpartner", "ServiceArea")
    County = apps.get_model("parentpartner", "County")
    for area_name in SERVICE_AREAS:
        area, _ = ServiceArea.objects.get_or_create(name=area_name)
        for county_name in COUNTIES[area_name]:
            County.objects.get_or_create(name=county_name, defaults={"service_area": area})


class Migration(migrations.Migration):
    dependencies = [("parentpartner", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
