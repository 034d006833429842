from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Erfa core"

    def ready(self):
        from django.db.models.signals import pre_save

        from core import personal_data

        # GDPR: the framework's text (revisions, log entries, comments, search index entries);
        # each app registers its own models.
        personal_data.register_framework_models()
        # A job's last error can quote an address (an SMTP refusal): found and erased like any text.
        personal_data.register_models(self.get_model("JobRun"))
        pre_save.connect(self._single_line_titles, dispatch_uid="erfa_single_line_titles")

    @staticmethod
    def _single_line_titles(sender, instance, **kwargs):
        # Titles are one line on every page type and every way in (admin, import, publishing a
        # revision, the shell): they end up in mail subjects, feeds and <title>.
        from wagtail.models import Page

        from core.text import single_line

        if isinstance(instance, Page):
            for name in ("title", "draft_title", "seo_title"):
                value = getattr(instance, name, None)
                if value:
                    setattr(instance, name, single_line(value))
