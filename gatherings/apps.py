from django.apps import AppConfig


class GatheringsConfig(AppConfig):
    name = "gatherings"

    def ready(self):
        from .personal_data import register

        register(self)
