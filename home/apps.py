from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Erfa home page"

    def ready(self):
        from core import personal_data

        # GDPR: the home and standard pages' own text.
        personal_data.register_models(*self.get_models())
