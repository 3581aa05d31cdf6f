from django.apps import AppConfig


class ParentPartnerConfig(AppConfig):
    name = "parentpartner"

    def ready(self):
        # Login time for the absolute session limit, and logout ending every session of the user.
        from parentpartner import security  # noqa: F401
