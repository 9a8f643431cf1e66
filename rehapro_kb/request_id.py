"""Give every request an id: in the X-Request-ID header, the logs and the 500 page."""

import logging
import re
import threading
import uuid

_local = threading.local()
_VALID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def current_request_id():
    return getattr(_local, "request_id", "-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Keep a well-formed id set by the reverse proxy, so its logs and ours line up.
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        _local.request_id = request.request_id
        try:
            response = self.get_response(request)
        finally:
            _local.request_id = "-"
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Add the current request id to every log record as %(request_id)s."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True
