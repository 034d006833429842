from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from experiences.models import ExperienceIndexPage
        from wiki.models import WikiIndexPage

        from . import audit  # noqa: F401 - connects the audit receivers
        from .audit import connect_network_audit
        from .notifications import connect as connect_notifications
        from .page_policy import register as register_page_policy
        from .roles import attach_new_index

        for model in (ExperienceIndexPage, WikiIndexPage):
            post_save.connect(attach_new_index, sender=model, dispatch_uid=f"erfa-attach-{model.__name__}")
        connect_notifications()
        register_page_policy()
        connect_network_audit()
