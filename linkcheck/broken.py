"""The broken links as data for templates, cached per process and content version.

Like glossary.lookup: a link that turns broken (or recovers) bumps the content version, so
every process rebuilds its set; within one request the first set is kept.
"""

import threading

from asgiref.local import Local
from django.core.signals import request_finished, request_started
from django.db import connection
from django.dispatch import receiver

from linkcheck.models import Link
from rehapro_kb.page_cache import current_version

_lock = threading.Lock()
_cached = None  # (version, {url: last_checked_at})
_request = Local()


def _build():
    return dict(Link.objects.broken().values_list("url", "last_checked_at"))


def _current():
    global _cached
    if connection.in_atomic_block:
        return _build()
    version = current_version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    built = _build()
    with _lock:
        _cached = (version, built)
    return built


def broken_links():
    """Return {url: checked at} of the links reported broken (one query per request)."""
    if not getattr(_request, "active", False):
        return _current()
    if getattr(_request, "links", None) is None:
        _request.links = _current()
    return _request.links


def clear():
    global _cached
    with _lock:
        _cached = None
    _request.links = None


@receiver(request_started)
def _request_started(**kwargs):
    _request.active, _request.links = True, None


@receiver(request_finished)
def _request_finished(**kwargs):
    _request.active, _request.links = False, None
