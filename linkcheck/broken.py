"""The broken links as data for templates, cached per process and content version.

A link that turns broken (or recovers) bumps the content version, so every process
rebuilds its set; within one request the first set is kept.
"""

from linkcheck.models import Link
from rehapro_kb.versioned_value import VersionedValue


def _build():
    return dict(Link.objects.broken().values_list("url", "last_checked_at"))


_broken = VersionedValue(_build)


def broken_links():
    """Return {url: checked at} of the links reported broken (one query per request)."""
    return _broken.get()


def clear():
    _broken.clear()
