from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Reader feedback")

    def ready(self):
        from core import personal_data

        from . import personal_data as feedback_data
        from .permissions import grant_editor_permissions

        personal_data.register(feedback_data.find_feedback)
        personal_data.register_eraser(feedback_data.erase_feedback)
        personal_data.register_models(*self.get_models())

        # After every migrate, so it applies once the accounts app has created the groups,
        # whichever order the migrations ran in.
        post_migrate.connect(grant_editor_permissions, dispatch_uid="feedback_grant_editor_permissions")
