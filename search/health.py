"""Readiness checks of the search engine and the index outbox (core/health.py)."""

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from core import health

from .engine import get_engine
from .models import IndexOutbox


def max_outbox_lag():
    return getattr(settings, "ERFA_READY_MAX_OUTBOX_LAG", 300)


def engine():
    """Reachable when one is configured; on the database backend alone there is nothing to ask."""
    configured = get_engine()
    if configured is None:
        return {"ok": True, "configured": False}
    return {"ok": configured.ping(), "configured": True}


def outbox():
    """Ready while the oldest change waiting for the index is younger than the allowed lag.

    A server whose worker stopped (or whose engine is away for long) serves search results
    that miss what editors published; the lag shows it before readers notice.
    """
    oldest = IndexOutbox.objects.aggregate(oldest=Min("created_at"))["oldest"]
    lag = (timezone.now() - oldest).total_seconds() if oldest else 0
    return {"ok": lag <= max_outbox_lag(), "lag_seconds": round(lag), "max_lag_seconds": max_outbox_lag()}


def register():
    health.register("engine", engine)
    health.register("outbox", outbox)
