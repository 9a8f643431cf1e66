"""Everything under /api/: rate limit, read-only methods, CORS, ETag/304 and JSON errors."""

from django.http import HttpResponse

from api import errors, throttle, versioning

PREFIX = "/api/"
SAFE = ("GET", "HEAD", "OPTIONS")
# Fixed documents that do not follow the content version.
UNVERSIONED = ("/api/v1/openapi.json", "/api/v1/docs/")
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ", ".join(SAFE),
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
    "Access-Control-Max-Age": "86400",
}


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        response = self._answer(request)
        for name, value in CORS.items():
            response[name] = value
        return response

    def _answer(self, request):
        wait = throttle.retry_after(request)
        if wait is not None:
            response = errors.error(429)
            response["Retry-After"] = str(wait)
            return response
        if request.method not in SAFE:
            response = errors.error(405)
            response["Allow"] = ", ".join(SAFE)
            return response
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(SAFE)
            return response
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # the views answer GET; the body is dropped below
        versioned = request.path not in UNVERSIONED
        if versioned:
            etag, last_modified = versioning.validators(request)
            if versioning.matches(request, etag):
                response = HttpResponse(status=304)
                return _validators(response, etag, last_modified)
        response = self.get_response(request)
        if response.status_code >= 400 and "json" not in response.get("Content-Type", ""):
            response = errors.error(response.status_code)
        elif versioned and response.status_code == 200:
            _validators(response, etag, last_modified)
        if head and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response


def _validators(response, etag, last_modified):
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = last_modified
    # Shared caches may keep it, but must ask again: the ETag makes asking cheap.
    response["Cache-Control"] = "public, no-cache"
    return response
