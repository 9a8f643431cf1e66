"""Opaque cursors for list pages: a signed position, so a client cannot forge or misread one."""

from django.core import signing

SALT = "api.cursor"


class BadCursor(ValueError):
    pass


def encode(offset):
    return signing.dumps(offset, salt=SALT, compress=True)


def decode(raw):
    """Return the offset a cursor stands for (0 for none); BadCursor for anything else."""
    if not raw:
        return 0
    try:
        offset = signing.loads(raw, salt=SALT)
    except signing.BadSignature:
        raise BadCursor(raw) from None
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise BadCursor(raw)
    return offset
