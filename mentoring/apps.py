from django.apps import AppConfig


class MentoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentoring"

    def ready(self):
        # The Lead request's figures (R-ROLE-6) count the families a site serves now.
        from django.db.models import Count

        from mentoring.models import Assignment
        from mentoring.models.cases import csc_site_move_problem
        from parentpartner.models import SITE_MOVE_CHECKS
        from parentpartner.services import lead

        # The Child Safety Conference cap holds when a whole site moves to another area (R-FAM-8).
        if csc_site_move_problem not in SITE_MOVE_CHECKS:
            SITE_MOVE_CHECKS.append(csc_site_move_problem)

        def families_served(site):
            return Assignment.objects.filter(case__family__site=site, ended_on__isnull=True).aggregate(
                n=Count("case__family", distinct=True)
            )["n"]

        if families_served.__qualname__ not in {f.__qualname__ for f in lead.FAMILIES_SERVED}:
            lead.FAMILIES_SERVED.append(families_served)
