from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "eligibility"

    def ready(self):
        # Criteria, disqualifiers and review cases gate every role change (parentpartner.door).
        from eligibility.gates import gate, many
        from parentpartner import gates

        gates.register(gate, many)
