"""Sign-in lockout: after repeated failures for one user name from one address, refuse
further attempts for a while, on both the Wagtail admin sign-in and Django's.

Failures are counted per (user name, client address), so an attacker cannot lock a real
user out from elsewhere, and the same answer is given whether or not the account exists.
Events go to the ``erfa.security`` logger with the user name and address, never a password.

Own code rather than django-axes: the gap axes would have closed is which name is counted,
and axes leaves that to a configured function too (``AXES_USERNAME_CALLABLE``), so
``sign_in_name`` would be needed either way; axes would add three tables of user names,
addresses and browser strings to keep under the GDPR registry and replace the answer, the
window and the per-(name, address) lock this module already has tested; the one thing it
adds, a backend that holds the lock on every ``authenticate()`` path, is ``LockoutBackend``.
"""

import hashlib
import logging
import time
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from security.ratelimit import client_ip

logger = logging.getLogger("erfa.security")

LOGIN_VIEWS = {"wagtailadmin_login", "login"}


def _config():
    return {"FAILURES": 5, "WINDOW": 15 * 60, "LOCK": 15 * 60, **getattr(settings, "ERFA_LOGIN_LOCKOUT", {})}


def _cache():
    return caches[getattr(settings, "ERFA_RATE_LIMIT_CACHE", "default")]


def sign_in_name(username):
    """The user name the lockout counts, for whatever was typed into any sign-in form.

    Django's sign-in form strips the name and normalises it to NFKC before authenticating,
    so ``ｒeader`` (fullwidth r) signs in as ``reader``; counting the raw text would give
    every spelling its own five attempts. This applies the same normalisation and then folds
    case as well, so every spelling that authentication could take for one account lands on
    one count, on the public and the admin sign-in alike (a few spellings it would not take
    land there too, which only makes the lock stricter).
    """
    name = unicodedata.normalize("NFKC", str(username or "")).strip()
    return unicodedata.normalize("NFKC", name.casefold()).strip()


def _key(kind, username, ip):
    # Hashed: user names are personal data and cache keys have a restricted alphabet.
    digest = hashlib.sha256(f"{sign_in_name(username)}\x00{ip}".encode()).hexdigest()
    return f"erfa:login:{kind}:{digest}"


def locked_for(username, ip):
    """Seconds left of a lock on this user name from this address, or 0."""
    until = _cache().get(_key("lock", username, ip))
    if not until:
        return 0
    return max(0, int(until - time.time()) + 1)


def record_failure(username, ip):
    config = _config()
    now = time.time()
    key = _key("fail", username, ip)
    failures = [stamp for stamp in _cache().get(key, []) if stamp > now - config["WINDOW"]]
    failures.append(now)
    if len(failures) >= config["FAILURES"]:
        _cache().set(_key("lock", username, ip), now + config["LOCK"], timeout=config["LOCK"])
        _cache().delete(key)
        logger.warning(
            "Sign-in locked for %d s after %d failures: user name %r from %s",
            config["LOCK"],
            len(failures),
            username,
            ip,
        )
    else:
        _cache().set(key, failures, timeout=config["WINDOW"])
        logger.info("Sign-in failed (%d of %d): user name %r from %s", len(failures), config["FAILURES"], username, ip)


def clear_failures(username, ip):
    _cache().delete(_key("fail", username, ip))


@receiver(user_login_failed, dispatch_uid="erfa_login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None or not getattr(settings, "ERFA_LOGIN_LOCKOUT_ENABLED", True):
        return
    record_failure(str(credentials.get("username", "")), client_ip(request))


@receiver(user_logged_in, dispatch_uid="erfa_logged_in")
def _on_logged_in(sender, request, user, **kwargs):
    if request is not None:
        clear_failures(user.get_username(), client_ip(request))


class LockoutBackend:
    """Refuses every ``authenticate()`` for a locked user name and address, whatever the path.

    The middleware below answers the two sign-in forms with a 429 and a message before any
    password is checked; this backend, first in ``AUTHENTICATION_BACKENDS``, holds the lock
    for any other caller of ``authenticate()`` (a future form, an API sign-in, an SSO
    fallback), and it sees the name exactly as that caller passes it to authentication.
    Raising ``PermissionDenied`` stops Django trying the other backends (and counts as one
    more failure, as every refused attempt does).
    """

    def authenticate(self, request, username=None, **credentials):
        if request is None or not getattr(settings, "ERFA_LOGIN_LOCKOUT_ENABLED", True):
            return None
        if username is None:
            username = credentials.get(get_user_model().USERNAME_FIELD)
        if username is not None and locked_for(username, client_ip(request)):
            raise PermissionDenied
        return None

    # No get_user(): this backend never signs anyone in, and without it Django's
    # force_login() and session loading pass over it to the real backends.


class LoginLockoutMiddleware:
    """Answers 429 to sign-in attempts on a locked user name and address, before any password check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not getattr(settings, "ERFA_LOGIN_LOCKOUT_ENABLED", True):
            return None
        if request.resolver_match is None or request.resolver_match.view_name not in LOGIN_VIEWS:
            return None
        username = request.POST.get("username", "")
        ip = client_ip(request)
        seconds = locked_for(username, ip)
        if not seconds:
            return None
        logger.warning("Sign-in refused while locked: user name %r from %s", username, ip)
        minutes = max(1, -(-seconds // 60))
        message = ngettext(
            "Too many failed sign-in attempts. Sign-in is paused for %(minutes)d minute; try again later.",
            "Too many failed sign-in attempts. Sign-in is paused for %(minutes)d minutes; try again later.",
            minutes,
        ) % {"minutes": minutes}
        response = TemplateResponse(request, "security/locked_out.html", {"message": message}, status=429)
        response.render()
        response["Retry-After"] = str(seconds)
        return response
