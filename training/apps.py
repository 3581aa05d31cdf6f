from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"

    def ready(self):
        # The trainings and shadowing gate every approval as Parent Partner (parentpartner.services.door).
        from parentpartner.services import gates
        from training.gates import gate

        gates.register(gate)
