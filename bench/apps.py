from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (issue 9, not part of the application's pages): installed only so that
    `manage.py seed_scale` can build the scale dataset. Nothing in the application imports it."""

    name = "bench"
