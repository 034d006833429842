"""What every content app shares in its models: the import bookkeeping mixin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalIdMixin(models.Model):
    """A stable id from an import file, so re-importing updates instead of duplicating."""

    external_id = models.CharField(
        max_length=120,
        blank=True,
        db_index=True,
        help_text=_("Set by bulk import; leave empty for pages written here."),
    )

    exclude_fields_in_copy = ["external_id"]

    class Meta:
        abstract = True
