"""Keep an uploaded file between preview and confirm, for its uploader only.

The file lies in the database under a random token, so a preview on one app server can be
confirmed on another; the token is known only to the uploader's session (kept in the
database too), so a confirm never trusts data sent back by the browser.
"""

import datetime
import hashlib
import secrets
import time

from django.utils import timezone

from imports.models import PendingUpload

SESSION_KEY = "imports_uploads"
MAX_AGE_SECONDS = 24 * 3600
MAX_PER_SESSION = 5


def store(request, data, name):
    """Save the bytes and return the token that finds them again in this session."""
    _remove_expired()
    token = secrets.token_urlsafe(24)
    PendingUpload.objects.create(token=token, name=name[:255], data=data)
    uploads = dict(request.session.get(SESSION_KEY, {}))
    for old in sorted(uploads, key=lambda t: uploads[t]["stored"])[: -MAX_PER_SESSION + 1]:
        discard(request, old, uploads)
    uploads[token] = {
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "stored": time.time(),
    }
    request.session[SESSION_KEY] = uploads
    return token


def load(request, token):
    """Return (bytes, name) of this session's upload, or None when it is gone."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        return None
    data = PendingUpload.objects.filter(token=token).values_list("data", flat=True).first()
    if data is None:
        return None
    data = bytes(data)
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return None
    return data, entry["name"]


def discard(request, token, uploads=None):
    """Forget the upload and delete its stored bytes."""
    own = uploads is None
    uploads = dict(request.session.get(SESSION_KEY, {})) if own else uploads
    uploads.pop(token, None)
    PendingUpload.objects.filter(token=token).delete()
    if own:
        request.session[SESSION_KEY] = uploads


def _remove_expired():
    limit = timezone.now() - datetime.timedelta(seconds=MAX_AGE_SECONDS)
    PendingUpload.objects.filter(stored_at__lt=limit).delete()
