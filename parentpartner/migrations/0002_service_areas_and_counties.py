"""R-ORG-1: the five DHS service areas and Iowa's 99 counties, as reference data every install needs.

A statewide coordinator corrects the county-to-area assignment in the admin afterwards.
"""

from django.db import migrations

from parentpartner.data import iowa_counties


def load(apps, schema_editor):
    iowa_counties.load(apps.get_model("parentpartner", "ServiceArea"), apps.get_model("parentpartner", "County"))


class Migration(migrations.Migration):
    dependencies = [("parentpartner", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
