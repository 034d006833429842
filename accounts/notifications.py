"""Submission e-mails for the scoped approval task go only to reviewers who may act on the page.

Wagtail's ``GroupApprovalTaskStateSubmissionEmailNotifier`` mails every member of the task's
groups; a network-scoped editor would hear of reports from municipalities they cannot open.
This notifier takes over Wagtail's signal receiver (same ``dispatch_uid``) and, for
``ScopedGroupApprovalTask`` only, keeps the recipients whose municipality scope covers the page.
"""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted

DISPATCH_UID = "group_approval_task_submitted_email_notification"


class ScopedSubmissionEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_recipient_users(self, task_state, **kwargs):
        from .models import ScopedGroupApprovalTask
        from .scope import can_act_on

        recipients = super().get_recipient_users(task_state, **kwargs)
        if not isinstance(task_state.task.specific, ScopedGroupApprovalTask):
            return recipients
        obj = task_state.workflow_state.content_object
        return {user for user in recipients.distinct() if can_act_on(user, obj)}


# Module level: signals hold receivers weakly, so an instance made inside connect() would vanish.
scoped_submission_email_notifier = ScopedSubmissionEmailNotifier()


def connect():
    # Whichever of accounts and wagtail.admin is ready first, only this receiver stays:
    # a second connect with the same dispatch_uid is ignored.
    task_submitted.disconnect(sender=TaskState, dispatch_uid=DISPATCH_UID)
    task_submitted.connect(scoped_submission_email_notifier, sender=TaskState, dispatch_uid=DISPATCH_UID)
