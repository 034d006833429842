"""The figures on the editors' dashboard. Experiences count once they are live (drafts do not)."""

import datetime

from dateutil.relativedelta import relativedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from experiences.models import ExperiencePage, Municipality, Region, Topic
from feedback.models import Feedback, Question
from wiki.models import GuidePage

from .models import PageViewCount

TOP = 15
MONTHS = 12
READ_PERIOD_DAYS = 30


def per_municipality():
    rows = (
        Municipality.objects.annotate(n=Count("experiences", filter=Q(experiences__live=True), distinct=True))
        .filter(n__gt=0)
        .order_by("-n", "name")[:TOP]
    )
    return [(row.name, row.n) for row in rows]


def per_region():
    rows = (
        Region.objects.annotate(
            n=Count("municipalities__experiences", filter=Q(municipalities__experiences__live=True), distinct=True)
        )
        .filter(n__gt=0)
        .order_by("-n", "name")[:TOP]
    )
    return [(row.name, row.n) for row in rows]


def per_topic():
    rows = (
        Topic.objects.annotate(n=Count("experiences", filter=Q(experiences__live=True), distinct=True))
        .filter(n__gt=0)
        .order_by("-n", "name")[:TOP]
    )
    return [(row.label, row.n) for row in rows]


def per_month(today=None):
    """The last twelve months, oldest first, months without contributions included."""
    today = today or timezone.localdate()
    first = today.replace(day=1) - relativedelta(months=MONTHS - 1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    counts = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row["n"]
        for row in ExperiencePage.objects.live()
        .filter(first_published_at__gte=start)
        .annotate(month=TruncMonth("first_published_at"))
        # Pages are ordered by tree path, which would otherwise split the groups.
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    }
    months = [first + relativedelta(months=offset) for offset in range(MONTHS)]
    return [(date_format(month, "M Y"), counts.get(month, 0)) for month in months]


def most_read(limit=10):
    since = timezone.localdate() - datetime.timedelta(days=READ_PERIOD_DAYS)
    rows = (
        PageViewCount.objects.filter(day__gt=since, page__live=True)
        .order_by()
        .values("page")
        .annotate(views=Sum("count"))
        .order_by("-views")[:limit]
    )
    pages = ExperiencePage.objects.in_bulk([row["page"] for row in rows])
    return [(pages[row["page"]], row["views"]) for row in rows if row["page"] in pages]


def most_reused(limit=10):
    return list(
        ExperiencePage.objects.live()
        .annotate(reuse_count=Count("reuses"))
        .filter(reuse_count__gt=0)
        .order_by("-reuse_count", "title")[:limit]
    )


def feedback_to_answer(limit=10):
    unhandled = Feedback.objects.filter(handled=False).select_related("page")
    return unhandled.count(), list(unhandled[:limit])


def questions_to_answer():
    return Question.objects.filter(handled=False).count()


def overdue_guides():
    guides = [guide for guide in GuidePage.objects.live().order_by("last_reviewed") if guide.needs_review]
    return sorted(guides, key=lambda guide: guide.review_due)
