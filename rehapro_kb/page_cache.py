"""Serve anonymous visitors' public pages from a cache until the content changes.

Every cached page is keyed by the current content version, a token that changes after any
write to the content apps commits, and by the canonical form of the query string its view
understands (so an ignored parameter or another order is the same entry). The token lives in
the database and, as the last known one, in the cache: with a shared cache (Redis) it is read
from there without a database query; with a per-process cache it is read from the database,
and when the database is unreachable the last known token still finds the cached pages,
which are then served as a stored state with a notice, for PAGE_CACHE_STALE_SECONDS at most.
"""

import contextlib
import functools
import hashlib
import logging
import threading
import time
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import translation

from rehapro_kb import database_down
from rehapro_kb.models import ContentVersion

logger = logging.getLogger(__name__)
CONTENT_APPS = {"forums", "glossary", "lines", "practices", "taggit"}
SINGLETON = 1
VERSION_KEY = "page-version"


def _cache_get(key):
    """Read from the cache; an unreachable cache (Redis down) is a miss, not an error."""
    try:
        return cache.get(key)
    except Exception:  # any backend's connection error: Redis down must not take pages down
        logger.warning("Page cache unreachable on read", exc_info=True)
        return None


def _cache_set(key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except Exception:  # any backend's connection error: Redis down must not take pages down
        logger.warning("Page cache unreachable on write", exc_info=True)


def _version_from_database():
    token = ContentVersion.objects.filter(pk=SINGLETON).values_list("token", flat=True).first()
    return token or "initial"


# While a public page is computed the first token read is kept: the page cache, the glossary,
# the broken links and the facet counts each ask for it, and one page should cost one lookup.
_kept = Local()


def current_version():
    """Return the content version token (from a shared cache, else one primary-key lookup)."""
    if not getattr(_kept, "active", False):
        return _read_version()
    if _kept.token is None:
        _kept.token = _read_version()
    return _kept.token


@contextlib.contextmanager
def version_kept():
    """Read the content version at most once within the block (nested blocks share it)."""
    if getattr(_kept, "active", False):
        yield
        return
    _kept.active, _kept.token = True, None
    try:
        yield
    finally:
        _kept.active, _kept.token = False, None


def _read_version():
    if settings.PAGE_CACHE_VERSION_IN_CACHE:
        token = _cache_get(VERSION_KEY)
        if token:
            return token
    token = _version_from_database()
    if _cache_get(VERSION_KEY) != token:
        _cache_set(VERSION_KEY, token, None)
    return token


class _Bump:
    """Give the content a new version token, once, however often it was registered."""

    done = False

    def __call__(self):
        if not self.done:
            self.done = True
            token = uuid.uuid4().hex
            ContentVersion.objects.update_or_create(pk=SINGLETON, defaults={"token": token})
            _cache_set(VERSION_KEY, token, None)
            if getattr(_kept, "active", False):
                _kept.token = token


_pending = threading.local()


def content_changed():
    """Give the content a new version once the current transaction commits (once per commit).

    Every change registers the thread's pending bump; it runs once at the next commit. A
    bump whose transaction was rolled back never ran, so the next change registers it again.
    """
    bump = getattr(_pending, "bump", None)
    if bump is None or bump.done:
        bump = _pending.bump = _Bump()
    transaction.on_commit(bump)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _model_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        content_changed()


def _key(request, version=None, query=None):
    """Return the cache key of a page: version, language, path and canonical query string."""
    version = version or current_version()
    if query is None:
        canonical = ""
    else:
        canonical = query(request.GET)
        if canonical is None:
            return None
    address = f"{request.path}?{canonical}".encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(address).hexdigest()
    return f"page:{version}:{translation.get_language()}:{digest}"


def _lifetime():
    if settings.PAGE_CACHE_VERSION_IN_CACHE:
        return settings.PAGE_CACHE_SECONDS
    return max(settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_STALE_SECONDS)


def cache_public_page(view, query=None):
    """Cache the view's 200 responses for anonymous GET and HEAD requests.

    `query` maps the query string to its canonical form (None: not cacheable); without it
    the view ignores the query string, and so does the key.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with version_kept():
            return cached_or_computed(request, *args, **kwargs)

    def cached_or_computed(request, *args, **kwargs):
        # Researchers may see previews of drafts: their pages are never cached nor served
        # from the cache.
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or _authenticated(request)
        ):
            return view(request, *args, **kwargs)
        try:
            version, reachable = current_version(), True
        except database_down.ERRORS:
            version, reachable = _cache_get(VERSION_KEY), False
        key = version and _key(request, version, query)
        cached = _cache_get(key) if key else None
        if not reachable:
            return _stale(request, cached)
        if cached is not None:
            content, content_type, stored = cached
            if time.time() - stored <= settings.PAGE_CACHE_SECONDS:
                return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if key is None:
            return response

        def store(rendered):
            if _cacheable(request, rendered):
                entry = (rendered.content, rendered["Content-Type"], time.time())
                _cache_set(key, entry, _lifetime())

        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return wrapper


def _authenticated(request):
    try:
        return request.user.is_authenticated
    except database_down.ERRORS:
        # No session can be read: such a visitor is served as an anonymous one.
        return False


def _stale(request, cached):
    """Answer while the database is unreachable: the stored page with a notice, or a 503."""
    if cached is None:
        return database_down.unavailable(request)
    content, content_type, stored = cached
    if time.time() - stored > settings.PAGE_CACHE_STALE_SECONDS:
        return database_down.unavailable(request)
    response = HttpResponse(database_down.with_notice(content, stored), content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


def _cacheable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
