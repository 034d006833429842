from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    # "search" is taken by wagtail.search; the label keeps migrations and tables apart.
    label = "erfa_search"
    verbose_name = "Search"

    def ready(self):
        from wagtail.snippets.models import register_snippet

        from . import checks, health, personal_data, signals  # noqa: F401 (checks and health register themselves)
        from .equivalence_admin import EquivalenceViewSet

        signals.connect()
        health.register()
        personal_data.register(self)
        register_snippet(EquivalenceViewSet)
