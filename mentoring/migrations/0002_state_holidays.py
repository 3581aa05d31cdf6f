"""Iowa's paid state holidays, 2020-2040, for the two-working-day first contact (R-FAM-3)."""

from django.db import migrations

from mentoring.services.workdays import iowa_state_holidays


def load(apps, schema_editor):
    StateHoliday = apps.get_model("mentoring", "StateHoliday")
    for year in range(2020, 2041):
        for date, name in iowa_state_holidays(year):
            StateHoliday.objects.get_or_create(date=date, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
