"""Serve anonymous visitors' public pages from a cache until the content changes.

Every cached page is keyed by the current content version, a token in the database that
changes after any write to the content apps commits. So a cached page can be stale only
for a write that bypasses the ORM's signals, and then at most PAGE_CACHE_SECONDS.
"""

import functools
import hashlib
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import translation

from rehapro_kb.models import ContentVersion

CONTENT_APPS = {"forums", "glossary", "lines", "practices", "taggit"}
SINGLETON = 1


def current_version():
    """Return the content version token (one primary-key lookup)."""
    token = ContentVersion.objects.filter(pk=SINGLETON).values_list("token", flat=True).first()
    return token or "initial"


class _Bump:
    """Give the content a new version token, once, however often it was registered."""

    done = False

    def __call__(self):
        if not self.done:
            self.done = True
            ContentVersion.objects.update_or_create(
                pk=SINGLETON, defaults={"token": uuid.uuid4().hex}
            )


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


def _key(request):
    path = request.get_full_path().encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(path).hexdigest()
    return f"page:{current_version()}:{translation.get_language()}:{digest}"


def cache_public_page(view):
    """Cache the view's 200 responses for anonymous GET requests, per content version and URL."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # Researchers may see previews of drafts: their pages are never cached nor served
        # from the cache.
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method != "GET"
            or request.user.is_authenticated
        ):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)

        def store(rendered):
            if _cacheable(request, rendered):
                entry = (rendered.content, rendered["Content-Type"])
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)

        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return wrapper


def _cacheable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
