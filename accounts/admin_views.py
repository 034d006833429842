"""Wagtail admin views that list pages without asking the page permission policy, narrowed by scope.

Most page listings follow ``ScopedPagePermissionPolicy``; these three build their own querysets,
so each is a subclass that passes its pages through ``pages_in_scope``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page

from .scope import pages_in_scope


class ScopedPageBulkActionMixin:
    """The confirmation page lists every requested page by title, refused ones included."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        visible = set(
            pages_in_scope(
                Page.objects.filter(pk__in=[o.pk for o in objects + extra["items_with_no_access"]]), self.request.user
            ).values_list("pk", flat=True)
        )
        extra["items_with_no_access"] = [o for o in extra["items_with_no_access"] if o.pk in visible]
        return [o for o in objects if o.pk in visible], extra


class ScopedDeleteBulkAction(ScopedPageBulkActionMixin, DeleteBulkAction):
    pass


class ScopedMoveBulkAction(ScopedPageBulkActionMixin, MoveBulkAction):
    pass


class ScopedPublishBulkAction(ScopedPageBulkActionMixin, PublishBulkAction):
    pass


class ScopedUnpublishBulkAction(ScopedPageBulkActionMixin, UnpublishBulkAction):
    pass


SCOPED_BULK_ACTIONS = [ScopedDeleteBulkAction, ScopedMoveBulkAction, ScopedPublishBulkAction, ScopedUnpublishBulkAction]


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Counts and "last edited page" come from the pages in the user's scope only.

    Wagtail's report counts every page of a type and names the most recently edited one by its
    draft title, whoever's it is.
    """

    def get_queryset(self):
        queryset = ContentType.objects.filter(model__in=self.page_models)
        if not Page.objects.filter(depth__gt=1, content_type=ContentType.objects.get_for_model(Page)).exists():
            queryset = queryset.exclude(pk=ContentType.objects.get_for_model(Page).pk)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)

        pages = pages_in_scope(Page.objects.all(), self.request.user)
        if language_code := self.filters.form.cleaned_data.get("page_locale", None):
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path := self.filters.form.cleaned_data.get("site", None):
            pages = pages.filter(path__startswith=site_root_path)
        of_type = pages.filter(content_type=OuterRef("pk"))
        latest = of_type.order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
        counted = of_type.order_by().values("content_type").annotate(n=Count("pk")).values("n")
        return queryset.annotate(
            count=Coalesce(Subquery(counted[:1]), 0),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")
