"""Requests per client IP and time window, counted in a Django cache: no external service."""

import time

from django.conf import settings
from django.core.cache import caches

from rehapro_kb.client_ip import client_ip

CACHE = "api"


def retry_after(request):
    """Count this request; return the seconds to wait when over the limit, else None."""
    rate = settings.API_RATE
    if not rate:
        return None
    allowed, period = rate
    now = time.time()
    # A fixed window: one counter per IP and period, which expires with it.
    key = f"api-rate:{client_ip(request)}:{int(now // period)}"
    cache = caches[CACHE]
    cache.add(key, 0, period + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period + 1)
        hits = 1
    if hits <= allowed:
        return None
    return int(period - now % period) + 1
