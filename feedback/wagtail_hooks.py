"""Admin: "Reader feedback" menu with feedback to answer, questions and reuses."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Feedback, Question, Reuse


class ReaderOwnedPolicy(ModelPermissionPolicy):
    """Readers create these rows on the site; in the admin they are only read and marked handled."""

    def user_has_permission(self, user, action):
        if action in ("add", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (Feedback, Question, Reuse):
    register_permission_policy(_model, ReaderOwnedPolicy(_model), exact_class=True)


def answer_panels(*read_only):
    """What readers wrote, shown read-only, and the one field editors change: ``handled``."""
    return [*(FieldPanel(name, read_only=True) for name in read_only), FieldPanel("handled")]


class ToAnswerViewSet(ModelViewSet):
    """Rows readers sent that an editor reads and marks handled, unhandled first."""

    ordering = ["handled", "-created"]
    copy_view_enabled = False
    inspect_view_enabled = True


class FeedbackViewSet(ToAnswerViewSet):
    model = Feedback
    # Not "feedback": that URL namespace belongs to the public feedback forms.
    name = "reader_feedback"
    icon = "comment"
    menu_label = _("Feedback to answer")
    list_display = ["page", "useful", "comment", "language", "created", "handled"]
    list_filter = ["handled", "useful", "language"]
    search_fields = ["comment"]
    panels = answer_panels("page", "useful", "comment", "language")


class QuestionViewSet(ToAnswerViewSet):
    model = Question
    name = "reader_questions"
    icon = "help"
    menu_label = _("Questions")
    list_display = ["page", "text", "asker_email", "emailed", "created", "handled"]
    list_filter = ["handled", "emailed"]
    search_fields = ["text"]
    panels = answer_panels("page", "text", "asker_email", "recipients")


class ReuseViewSet(ModelViewSet):
    model = Reuse
    name = "reader_reuses"
    icon = "resubmit"
    menu_label = _("Reuses")
    list_display = ["page", "municipality", "created"]
    list_filter = ["municipality"]
    copy_view_enabled = False
    form_fields = ["page", "municipality"]


class ReaderFeedbackGroup(ViewSetGroup):
    menu_label = _("Reader feedback")
    menu_icon = "comment"
    menu_order = 250
    items = (FeedbackViewSet, QuestionViewSet, ReuseViewSet)


@hooks.register("register_admin_viewset")
def register_reader_feedback():
    return ReaderFeedbackGroup()
