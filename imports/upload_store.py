"""Keep an uploaded file on the server between preview and confirm, for its uploader only.

The file lies in a private temporary folder under a random token; the token is known only
to the uploader's session, so a confirm never trusts data sent back by the browser.
"""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path

SESSION_KEY = "imports_uploads"
MAX_AGE_SECONDS = 24 * 3600
MAX_PER_SESSION = 5


def _folder():
    folder = Path(tempfile.gettempdir()) / "rehapro-kb-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _path(token):
    return _folder() / f"{token}.upload"


def store(request, data, name):
    """Save the bytes and return the token that finds them again in this session."""
    _remove_expired()
    token = secrets.token_urlsafe(24)
    _path(token).write_bytes(data)
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
    try:
        data = _path(token).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return None
    return data, entry["name"]


def discard(request, token, uploads=None):
    """Forget the upload and delete its file."""
    own = uploads is None
    uploads = dict(request.session.get(SESSION_KEY, {})) if own else uploads
    uploads.pop(token, None)
    _path(token).unlink(missing_ok=True)
    if own:
        request.session[SESSION_KEY] = uploads


def _remove_expired():
    limit = time.time() - MAX_AGE_SECONDS
    for path in _folder().glob("*.upload"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
