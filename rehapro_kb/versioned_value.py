"""A value read from the database, kept per process and content version, fixed per request.

A value is rebuilt when the content version (rehapro_kb.page_cache) changes, which every
process sees once a change commits. Inside a transaction it is built fresh and never shared:
it may hold uncommitted rows. Within one request the first value is kept, so a page pays for
it once however often it asks.
"""

import threading
import weakref

from asgiref.local import Local
from django.core.signals import request_finished, request_started
from django.db import connection

from rehapro_kb.page_cache import current_version


class VersionedValue:
    """Build with `build()` once per content version in a process; one value per request."""

    _instances = weakref.WeakSet()

    @classmethod
    def end_requests(cls):
        """Leave this thread's request scope (a response never closed leaves it open)."""
        for instance in list(cls._instances):
            instance._request_finished()

    def __init__(self, build):
        self._build = build
        self._lock = threading.Lock()
        self._cached = None  # (version, value)
        self._request = Local()  # .active, .value: the value this request uses
        request_started.connect(self._request_started, weak=False)
        request_finished.connect(self._request_finished, weak=False)
        VersionedValue._instances.add(self)

    def get(self):
        """Return the value (per request: one query when cached, the build's when rebuilt)."""
        if not getattr(self._request, "active", False):
            return self._current()
        if getattr(self._request, "value", None) is None:
            self._request.value = self._current()
        return self._request.value

    def clear(self):
        """Forget the value in this process (other processes follow the version)."""
        with self._lock:
            self._cached = None
        self._request.value = None

    def _current(self):
        if connection.in_atomic_block:
            return self._build()
        version = current_version()
        cached = self._cached
        if cached is not None and cached[0] == version:
            return cached[1]
        built = self._build()
        with self._lock:
            self._cached = (version, built)
        return built

    def _request_started(self, **kwargs):
        self._request.active, self._request.value = True, None

    def _request_finished(self, **kwargs):
        self._request.active, self._request.value = False, None
