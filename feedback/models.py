"""What readers tell us about a page: usefulness votes, reuse by other municipalities, questions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 1000
QUESTION_MAX_LENGTH = 2000


class Feedback(models.Model):
    """A "Was this useful?" answer on an experience or a guide."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    # The reader's UI language, so editors know which language the comment is in.
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    handled = models.BooleanField(
        _("handled"), default=False, help_text=_("Tick when the feedback has been read and acted on.")
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return f"{self.page.title}: {_('yes') if self.useful else _('no')}"


class Reuse(models.Model):
    """A municipality that adopted the solution an experience report describes."""

    page = models.ForeignKey(
        "experiences.ExperiencePage", verbose_name=_("experience"), on_delete=models.CASCADE, related_name="reuses"
    )
    municipality = models.ForeignKey(
        "experiences.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="reuses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("reuse")
        verbose_name_plural = _("reuses")
        constraints = [models.UniqueConstraint(fields=["page", "municipality"], name="one_reuse_per_municipality")]

    def __str__(self):
        return f"{self.municipality} – {self.page.title}"


class Question(models.Model):
    """A signed-in reader's question to the municipality behind an experience report."""

    page = models.ForeignKey(
        "experiences.ExperiencePage", verbose_name=_("experience"), on_delete=models.CASCADE, related_name="questions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asker_email = models.EmailField(_("reply to"))
    text = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    recipients = models.TextField(_("sent to"), blank=True, help_text=_("The addresses the question was emailed to."))
    emailed = models.BooleanField(_("emailed"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return f"{self.page.title}: {self.text[:60]}"
