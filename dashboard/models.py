from django.db import models
from django.utils.translation import gettext_lazy as _


class PageViewCount(models.Model):
    """Views of an experience report per day: a counter, no visitor data (no IP, no cookie)."""

    page = models.ForeignKey("experiences.ExperiencePage", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("page view count")
        default_permissions = ()
        permissions = [("view_dashboard", _("Can view the editors' dashboard"))]
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="one_view_count_per_page_and_day")]

    def __str__(self):
        return f"{self.page_id} {self.day}: {self.count}"
