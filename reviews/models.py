from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewReminder(models.Model):
    """The last reminder sent to a guide's owner, so nobody is reminded twice within the interval.

    ``review_due`` is the due date the reminder was about: once the guide is reviewed and
    falls due again, its owner is reminded about the new date without waiting.
    """

    guide = models.OneToOneField(
        "wiki.GuidePage", on_delete=models.CASCADE, related_name="review_reminder", verbose_name=_("guide")
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    review_due = models.DateField(_("review due"))

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")

    def __str__(self):
        return f"{self.guide_id} reminded {self.sent_at:%Y-%m-%d}"
