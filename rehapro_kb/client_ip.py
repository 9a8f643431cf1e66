"""The client's IP address for login throttling, trusting only our own reverse proxies."""

from django.conf import settings


def client_ip(request):
    """Return the address the nearest trusted proxy saw, or the peer address without one.

    X-Forwarded-For is a list the client can start with anything; each proxy appends the
    address it received the request from. With N trusted proxies, the N-th entry from the
    right is the one no client can forge.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [p for p in forwarded if p]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
