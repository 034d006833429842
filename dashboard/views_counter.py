"""Counting reads of experience reports: one UPDATE per page view, one row per page and day."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import PageViewCount


def count_view(page_or_id):
    page_id = getattr(page_or_id, "pk", page_or_id)
    day = timezone.localdate()
    if PageViewCount.objects.filter(page_id=page_id, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            PageViewCount.objects.create(page_id=page_id, day=day, count=1)
    except IntegrityError:  # another request created today's row first
        PageViewCount.objects.filter(page_id=page_id, day=day).update(count=F("count") + 1)
