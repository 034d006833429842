from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"

    def ready(self):
        from core import personal_data

        # News items name people only in their text (a newsletter thanking a project lead);
        # the registry walks every text field of the app's models for the person.
        personal_data.register_models(*self.get_models())
