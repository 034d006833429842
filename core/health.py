"""Liveness and readiness for load balancers and orchestrators.

``/healthz`` answers "ok" whenever the process serves requests, and asks nothing else: a
database outage must not make every server look dead and be restarted. ``/readyz`` asks each
dependency (the database and the caches here; apps add their own with ``register``, as
search adds the engine and the outbox lag) and answers 503 while any fails, so traffic goes
to the servers that can answer. Bodies name the checks and their state, never data or
error text (which can hold host names and credentials).
"""

import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

CHECKS = {}


def register(name, check):
    """``check()`` returns a dict with ``ok`` (bool) and any figures worth showing; raising counts as failed."""
    CHECKS[name] = check


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def cache():
    key = f"readyz:{uuid.uuid4().hex}"
    for alias in settings.CACHES:
        store = caches[alias]
        store.set(key, 1, 10)
        if store.get(key) != 1:
            return {"ok": False, "cache": alias}
        store.delete(key)
    return {"ok": True}


register("database", database)
register("cache", cache)


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            result = dict(check())
        except Exception as error:  # noqa: BLE001 - any failure of a dependency means "not ready"
            result = {"ok": False, "error": type(error).__name__}
        result["ms"] = round((time.monotonic() - started) * 1000, 1)
        results[name] = result
    return results


# Outside the request's transaction: with the database down, opening one would fail the
# view before it could answer.
@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@transaction.non_atomic_requests
@never_cache
@require_safe
def readyz(request):
    checks = run_checks()
    ready = all(result["ok"] for result in checks.values())
    return JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)
