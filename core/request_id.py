"""One id per request, on the response and on every log line written while it is served.

A load balancer or proxy in front may send ``X-Request-ID``; it is kept when it is short and
made of safe characters (so it cannot forge log fields or inject header lines), otherwise a
new one is made. The id lives in a context variable, so threads and the worker's jobs each
carry their own; ``RequestIdFilter`` puts it on every log record.
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
VALID = re.compile(r"[A-Za-z0-9._:-]{1,64}\Z")

current = contextvars.ContextVar("erfa_request_id", default="")


def new_id():
    return uuid.uuid4().hex


def accepted(value):
    """``value`` when it is a usable id, else a new one."""
    return value if value and VALID.match(value) else new_id()


class RequestIdMiddleware:
    """Outermost: every other middleware and the view log under the request's id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = accepted(request.META.get(META_KEY, ""))
        current.set(request.id)
        response = self.get_response(request)
        response[HEADER] = request.id
        return response


def _forget(**kwargs):
    # Not when the middleware returns: Django logs 4xx and 5xx answers (django.request) after
    # the middleware chain, and those lines belong to the request too.
    current.set("")


request_finished.connect(_forget, dispatch_uid="erfa_request_id_forget")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (empty outside a request) to every record the handler writes."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = current.get()
        return True
