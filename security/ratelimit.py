"""Per-client request limits on the search views, kept in Django's cache.

A sliding window approximated from two fixed windows (the current count plus the previous
window's count weighted by how much of it still overlaps): cheap (one ``get_many`` and one
``incr`` per request) and without the burst a plain fixed window allows at its edges.

Limits are per client IP. Behind reverse proxies set ``TRUSTED_PROXY_DEPTH`` to the number
of proxies that append to X-Forwarded-For; the client is then the address the outermost
trusted proxy saw. IPv6 clients are counted per /64, the block one household gets.

The default cache is per process: with N gunicorn workers a client gets up to N times the
limit. Point ``RATE_LIMIT_CACHE`` at a shared cache (e.g. Redis or Memcached) for exact limits.
"""

import ipaddress
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    period: int


def parse_rate(value):
    """'60/m' → Rate(60, 60); '10/5s' → Rate(10, 5); '', 'off' or '0' → None (no limit)."""
    value = (value or "").strip().lower()
    if value in ("", "off", "none", "0"):
        return None
    match = RATE.match(value)
    if not match:
        raise ValueError(f"Rate limit {value!r} is not of the form '<count>/<unit>', e.g. '60/m'.")
    count, multiplier, unit = match.groups()
    return Rate(int(count), int(multiplier or 1) * UNITS[unit])


def _parse_ip(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request):
    """The client's address, trusting only as many X-Forwarded-For hops as configured."""
    depth = getattr(settings, "ERFA_TRUSTED_PROXY_DEPTH", 0)
    address = request.META.get("REMOTE_ADDR", "")
    if depth > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            candidate = hops[-depth] if len(hops) >= depth else hops[0]
            if _parse_ip(candidate):
                address = candidate
    return address


def client_key(request):
    ip = _parse_ip(client_ip(request))
    if ip is None:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def hit(scope, key, rate, now=None):
    """Count one request; returns 0 if allowed, else the seconds until the client may retry."""
    cache = caches[getattr(settings, "ERFA_RATE_LIMIT_CACHE", "default")]
    now = time.time() if now is None else now
    window = int(now // rate.period)
    current_key = f"erfa:rl:{scope}:{key}:{window}"
    previous_key = f"erfa:rl:{scope}:{key}:{window - 1}"
    counts = cache.get_many([current_key, previous_key])
    elapsed = (now % rate.period) / rate.period
    estimate = counts.get(current_key, 0) + counts.get(previous_key, 0) * (1 - elapsed)
    if estimate >= rate.count:
        current, previous = counts.get(current_key, 0), counts.get(previous_key, 0)
        if previous and current < rate.count:
            # The moment enough of the previous window has slid out for one more request.
            target = 1 - (rate.count - current - 1) / previous
            wait = (target - elapsed) * rate.period
        else:
            wait = rate.period - (now % rate.period)
        return max(1, math.ceil(min(wait, rate.period)))
    # add() then incr() so concurrent requests in one process never lose a count.
    cache.add(current_key, 0, timeout=rate.period * 2)
    try:
        cache.incr(current_key)
    except ValueError:  # expired between add() and incr()
        cache.set(current_key, 1, timeout=rate.period * 2)
    return 0


def limit_for_view(view_name):
    scope = getattr(settings, "ERFA_RATE_LIMIT_VIEWS", {}).get(view_name)
    if scope is None:
        return None, None
    return scope, parse_rate(settings.ERFA_RATE_LIMITS.get(scope, ""))


def too_many_requests(request, retry_after):
    message = _("Too many requests from your address. Wait %(seconds)d seconds and try again.") % {
        "seconds": retry_after
    }
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"error": message, "retry_after": retry_after}, status=429)
    else:
        response = TemplateResponse(request, "429.html", {"message": message}, status=429)
        response.render()
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "ERFA_RATE_LIMITS_ENABLED", True) or request.resolver_match is None:
            return None
        scope, rate = limit_for_view(request.resolver_match.view_name)
        if rate is None:
            return None
        retry_after = hit(scope, client_key(request), rate)
        if retry_after:
            return too_many_requests(request, retry_after)
        return None
