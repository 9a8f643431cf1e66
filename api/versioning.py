"""ETag and Last-Modified of API responses, from the content version (rehapro_kb/page_cache.py)."""

import hashlib

from django.utils.http import http_date

from rehapro_kb.models import ContentVersion
from rehapro_kb.page_cache import SINGLETON


def validators(request):
    """Return (etag, last_modified or None) of this request's answer: one primary-key lookup."""
    row = ContentVersion.objects.filter(pk=SINGLETON).values_list("token", "changed_at").first()
    token, changed_at = row or ("initial", None)
    # The answer depends on the content, the URL and the host (absolute links in the body).
    key = f"{token}|{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f'"{digest}"', http_date(changed_at.timestamp()) if changed_at else None


def matches(request, etag):
    """Tell whether the client's If-None-Match names this ETag (weak comparison)."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in tags
