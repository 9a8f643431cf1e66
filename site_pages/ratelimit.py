"""Count contact-form submissions per client address in the cache (no third party)."""

from django.conf import settings
from django.core.cache import cache

from rehapro_kb.client_ip import client_ip

WINDOW_SECONDS = 60 * 60


def allow_feedback(request):
    """Count this submission; False once the address exceeded the hourly limit."""
    key = f"feedback-rate:{client_ip(request)}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= settings.FEEDBACK_PER_HOUR
