"""A per-process cache bounded by the bytes it holds, not by its number of entries."""

import sys

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

# Per cache name, like LocMemCache's own stores: every instance of one cache shares them.
_ledgers = {}


class ByteBoundedLocMemCache(LocMemCache):
    """LocMemCache that drops the least recently used entries beyond MAX_BYTES.

    An entry is counted by its pickled size plus its key; one larger than MAX_ENTRY_BYTES is
    not stored at all, so a single huge page cannot push everything else out.
    """

    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self._max_bytes = int(options.get("MAX_BYTES", 64 * 1024 * 1024))
        self._max_entry_bytes = int(options.get("MAX_ENTRY_BYTES", self._max_bytes // 8))
        self._max_entries = sys.maxsize  # bytes bound the cache, not entries
        self._ledger = _ledgers.setdefault(name, {"sizes": {}, "total": 0})

    @property
    def total_bytes(self):
        """Return the bytes the entries take now (pickled values and keys)."""
        return self._ledger["total"]

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        size = len(value) + len(key)
        self._delete(key)
        if size > self._max_entry_bytes:
            return
        while self._cache and self._ledger["total"] + size > self._max_bytes:
            oldest, _value = self._cache.popitem()  # the least recently used one
            self._expire_info.pop(oldest, None)
            self._forget(oldest)
        super()._set(key, value, timeout)
        self._ledger["sizes"][key] = size
        self._ledger["total"] += size

    def _delete(self, key):
        self._forget(key)
        return super()._delete(key)

    def _forget(self, key):
        self._ledger["total"] -= self._ledger["sizes"].pop(key, 0)

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._ledger["sizes"].clear()
            self._ledger["total"] = 0
