from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Erfa core"

    def ready(self):
        # Connects the sign-in failure and success receivers of the lockout.
        from core import lockout  # noqa: F401
