"""R-TRN-1, R-ROLE-4: the eleven trainings and the shadowing activities, from the handbook."""

from django.db import migrations

from training.data import catalogue


def load(apps, schema_editor):
    catalogue.load(apps.get_model("training", "Training"), apps.get_model("training", "ShadowingItem"))


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
