"""The table of Django's database cache "limits" (settings.CACHES): the password-reset mail limits,
shared by every web process. The same table `manage.py createcachetable` makes, created here so that
`migrate` is the one step a deployment runs; createcachetable then finds it and leaves it alone."""

from django.db import migrations

TABLE = "parentpartner_limits_cache"


class Migration(migrations.Migration):
    dependencies = [
        ("parentpartner", "0006_door_date_of_birth_and_paper_roster"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                f'CREATE TABLE "{TABLE}" ("cache_key" varchar(255) NOT NULL PRIMARY KEY, '
                '"value" text NOT NULL, "expires" timestamp with time zone NOT NULL)',
                f'CREATE INDEX "{TABLE}_expires" ON "{TABLE}" ("expires")',
            ],
            reverse_sql=[f'DROP TABLE "{TABLE}"'],
        ),
    ]
