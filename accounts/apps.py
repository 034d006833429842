from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from experiences.models import ExperienceIndexPage, ExperiencePage, Network
        from wiki.models import WikiIndexPage

        # audit connects the audit receivers on import; oidc_providers registers its system check.
        from . import audit, oidc_providers, personal_data  # noqa: F401
        from .audit import connect_network_audit
        from .forms import NetworkForm, ScopedMunicipalitiesPageForm
        from .media_scope import register_policies as register_media_policies
        from .membership import register_network_policy
        from .notifications import connect as connect_notifications
        from .page_policy import register as register_page_policy
        from .permissions import MunicipalityPagePermissionTester
        from .roles import attach_new_index

        for model in (ExperienceIndexPage, WikiIndexPage):
            post_save.connect(attach_new_index, sender=model, dispatch_uid=f"erfa-attach-{model.__name__}")
        connect_notifications()
        # Experience reports are edited within the user's municipalities; the page model cannot
        # import accounts (accounts builds on experiences), so the scope is injected here.
        ExperiencePage.base_form_class = ScopedMunicipalitiesPageForm
        ExperiencePage.permission_tester_class = MunicipalityPagePermissionTester
        personal_data.register(self)
        register_media_policies()
        # Likewise the rules on network members, which define network-limited editors' scope.
        Network.base_form_class = NetworkForm
        register_network_policy()
        register_page_policy()
        connect_network_audit()
        # Wagtail prints the moderation workflow's and task's names; ours follow the admin language.
        from .workflow_names import connect as connect_workflow_names

        connect_workflow_names()
