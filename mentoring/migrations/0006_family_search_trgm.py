"""Trigram indexes for the family list's search (issue 9), where the server has pg_trgm.

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. The embedded
PostgreSQL that `make run` and `make test` use when DATABASE_URL is unset ships no contrib extensions;
there, or where the login may not create the extension, the indexes are left out and the search reads
every family of the scope, which is correct, only slower. Django's state has the indexes either way,
so the models and `makemigrations --check` agree.
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import DatabaseError, migrations, transaction

INDEXES = [
    django.contrib.postgres.indexes.GinIndex(
        django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper(column), name="gin_trgm_ops"),
        name=f"family_search_{short}_trgm",
    )
    for column, short in (("parent_first_name", "first"), ("parent_last_name", "last"), ("dhs_case_number", "dhs"))
]


def _has_trigram(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        return cursor.fetchone() is not None


def add_where_available(apps, schema_editor):
    if not _has_trigram(schema_editor):
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return  # installed, but this login may not create it (a managed server): no indexes
    family = apps.get_model("mentoring", "Family")
    for index in INDEXES:
        schema_editor.add_index(family, index)


def remove(apps, schema_editor):
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index.name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0005_clinical_quarter_held_idx"),
        ("parentpartner", "0005_audit_append_only_access_and_export_logs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="family", index=index) for index in INDEXES],
            database_operations=[migrations.RunPython(add_where_available, remove)],
        )
    ]
