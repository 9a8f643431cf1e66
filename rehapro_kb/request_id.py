"""Give every request an id: in the X-Request-ID header, the logs and the 500 page."""

import logging
import re
import threading
import uuid

from django.conf import settings

_local = threading.local()
# Letters, digits and dashes only: an id is written into every log line of the request.
_VALID = re.compile(r"[A-Za-z0-9-]{8,64}")


def current_request_id():
    return getattr(_local, "request_id", "-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _incoming_id(request) or uuid.uuid4().hex
        _local.request_id = request.request_id
        try:
            response = self.get_response(request)
        finally:
            _local.request_id = "-"
        response["X-Request-ID"] = request.request_id
        return response


def _incoming_id(request):
    """Return a well-formed id set by our reverse proxy, or None.

    Only with a trusted proxy in front (DJANGO_TRUSTED_PROXY_COUNT) is the header the proxy's
    (it must set or overwrite it); without one, any client could write into our logs.
    """
    if settings.TRUSTED_PROXY_COUNT <= 0:
        return None
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if _VALID.fullmatch(incoming) else None


class RequestIdFilter(logging.Filter):
    """Add the current request id to every log record as %(request_id)s."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True
