"""Security headers Django does not set: Content-Security-Policy and Permissions-Policy.

Django 5.2 has no CSP of its own. The public site gets a strict, enforced policy with a
per-request nonce (``request.csp_nonce``, for the rare inline ``<script nonce="…">``); the
Wagtail admin gets a looser one, because its widgets still rely on inline scripts and
styles (wagtail/wagtail#1288). Both deny framing by other sites. A response that already
carries a policy keeps it: Wagtail's document and image serve views set ``default-src
'none'`` on served files, which is stricter than ours.
"""

import secrets

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty


def _new_nonce():
    return secrets.token_urlsafe(16)


def build_policy(directives, nonce=None):
    """Serialise {directive: [sources]} to a header value, adding the nonce to script and style sources."""
    parts = []
    for directive, sources in directives.items():
        sources = list(sources)
        if nonce and directive in ("script-src", "style-src"):
            sources.append(f"'nonce-{nonce}'")
        parts.append(" ".join([directive, *sources]).strip())
    return "; ".join(parts)


def _is_admin(request):
    prefix = getattr(settings, "ERFA_CSP_ADMIN_PREFIX", "/admin/")
    return request.path_info.startswith(prefix)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Generated only when a template asks for it, so cached fragments stay cacheable.
        request.csp_nonce = SimpleLazyObject(_new_nonce)
        response = self.get_response(request)
        if getattr(settings, "ERFA_CSP_ENABLED", True):
            self._add_csp(request, response)
        permissions = getattr(settings, "ERFA_PERMISSIONS_POLICY", "")
        if permissions:
            response.headers.setdefault("Permissions-Policy", permissions)
        return response

    def _add_csp(self, request, response):
        if "Content-Security-Policy" in response.headers or "Content-Security-Policy-Report-Only" in response.headers:
            return
        if _is_admin(request):
            header = "Content-Security-Policy"
            if getattr(settings, "ERFA_CSP_ADMIN_REPORT_ONLY", False):
                header = "Content-Security-Policy-Report-Only"
            response.headers[header] = build_policy(settings.ERFA_CSP_ADMIN)
            return
        nonce = None
        # Only name the nonce in the header when the page actually used it.
        lazy = getattr(request, "csp_nonce", None)
        if isinstance(lazy, SimpleLazyObject) and lazy._wrapped is not empty:
            nonce = str(lazy)
        response.headers["Content-Security-Policy"] = build_policy(settings.ERFA_CSP, nonce)
