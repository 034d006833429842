from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Feeds and subscriptions")

    def ready(self):
        from core import personal_data

        from .personal_data import find_subscriptions

        # Export only: subscriptions belong to the reader's account, which erasing a contact
        # person leaves alone.
        personal_data.register(find_subscriptions)
        personal_data.register_models(*self.get_models())
