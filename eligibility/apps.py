from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "eligibility"

    def ready(self):
        # Criteria, disqualifiers and review cases gate every role change (parentpartner.services.door).
        from eligibility.gates import gate, many
        from parentpartner.services import gates

        gates.register(gate, many)
