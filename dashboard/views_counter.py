"""Counting reads of experience reports: one UPDATE per page view, one row per page and day.

The page hook (and the page cache, for kept pages) only note which report was read; the
``ViewCountMiddleware`` writes the count after the view's transaction has ended, as a
best-effort write (core.best_effort): under contention a count may be dropped, never the page.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core import best_effort
from core.bots import is_bot

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


class ViewCountMiddleware:
    """Counts the read of the report a request served (``request.erfa_counted_page_id``).

    Must come before ``security.page_cache.PageCacheMiddleware``, which sets the attribute on a
    hit; ``ATOMIC_REQUESTS`` wraps only the view, so the count is written in autocommit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_id = getattr(request, "erfa_counted_page_id", None)
        if page_id and request.method == "GET" and response.status_code == 200 and not is_bot(request):
            best_effort.write("a page view count", count_view, page_id)
        return response
