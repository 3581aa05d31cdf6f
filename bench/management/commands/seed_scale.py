"""Build the statewide scale dataset of the benchmark (issue 9) into an empty database.

    DATABASE_URL=postgres://.../perf_scale python manage.py seed_scale            # 10 years, 20,000 families
    python manage.py seed_scale --scale 0.1                                        # a tenth of everything
    python manage.py seed_scale --families 50000 --years 12

See bench/scale.py for what is built and how (COPY, set-based SQL, never one row at a time).
"""

import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from bench import scale, scale_cases, scale_records, scale_reporting
from bench.copy import reset_sequences
from parentpartner.models import ParentPartner, Site


class Command(BaseCommand):
    help = "Build a realistic statewide dataset (10 years, 40 sites, 20,000 families by default) for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Multiply sites, people and families.")
        parser.add_argument("--years", type=int)
        parser.add_argument("--sites", type=int)
        parser.add_argument("--partners", type=int)
        parser.add_argument("--families", type=int)
        parser.add_argument("--audit-months", type=int, dest="audit_months")
        parser.add_argument("--seed", type=int)
        parser.add_argument("--no-analyze", action="store_true", help="Skip VACUUM (ANALYZE) (tests).")

    def handle(self, *args, **options):
        if Site.objects.exists() or ParentPartner.objects.exists():
            raise CommandError("seed_scale fills an empty database (only migrations applied); this one has sites.")
        overrides = {key: options[key] for key in ("years", "sites", "partners", "families", "audit_months", "seed")}
        opts = scale.Options.scaled(options["scale"], **overrides)
        verbose = options["verbosity"] > 0
        world = scale.World(opts, log=self.stdout.write if verbose else (lambda *a: None))
        started = time.monotonic()
        with transaction.atomic():
            scale.build_organisation(world)
            scale.build_partners(world)
            scale_cases.build_families(world)
            scale_cases.build_forms_and_contacts(world)
            scale_cases.build_safety(world)
            scale_cases.build_support(world)
            scale_records.build_training(world)
            scale_records.build_approvals(world)
            scale_records.build_eligibility(world)
            scale_records.build_leads_and_certifications(world)
            scale_records.build_history(world)
            scale_reporting.build_meetings(world)
            scale_reporting.build_reentries(world)
            scale_reporting.build_logs(world)
            reset_sequences(_models())
            scale_records.build_audits(world)
        if not options["no_analyze"]:
            scale.analyze()
            world.done("VACUUM (ANALYZE)", 0)
        if verbose:
            self.stdout.write(
                f"Scale data ready in {time.monotonic() - started:.0f} s ({connection.settings_dict['NAME']})."
            )
        return None


def _models() -> list[Any]:
    return [
        m
        for m in apps.get_models()
        if m._meta.pk.name == "id" and m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    ]
