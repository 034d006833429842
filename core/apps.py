from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Erfa core"

    def ready(self):
        from core import personal_data

        # GDPR: the framework's text (revisions, log entries, comments, search index entries);
        # each app registers its own models.
        personal_data.register_framework_models()
