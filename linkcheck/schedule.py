"""When a link is checked next: weekly, each at its own hour of the week, spread by its URL."""

import datetime
import hashlib

WEEK = 7 * 24 * 3600
# A second failure counts only this long after the first: one bad day is not a broken link.
CONFIRM_AFTER = datetime.timedelta(days=1)
# A check made off-schedule (after an edit) does not pull the weekly slot closer than this.
MIN_GAP = 12 * 3600


def weekly_offset(url):
    """Return the link's second of the week (stable, spread evenly by hashing the URL)."""
    digest = hashlib.sha256(url.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % WEEK


def next_weekly_check(url, now):
    """Return the first time of the link's weekly slot at least MIN_GAP after now."""
    epoch = now.timestamp()
    slot = epoch - epoch % WEEK + weekly_offset(url)
    while slot < epoch + MIN_GAP:
        slot += WEEK
    return datetime.datetime.fromtimestamp(slot, tz=datetime.UTC)
