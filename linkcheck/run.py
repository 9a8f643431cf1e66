"""Check links and record the results: the two-check rule, the schedule, the offline guard."""

from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.utils import timezone

from linkcheck.client import FAILED, OK, Answer, Checker
from linkcheck.models import Link
from linkcheck.schedule import CONFIRM_AFTER, next_weekly_check
from rehapro_kb.page_cache import content_changed

OFFLINE = "Keine Verbindung nach außen, nicht gewertet"


def check_links(links, *, checker=None, now=None):
    """Check the links (one worker per host, hosts in parallel); return a Counter of states."""
    links = list(links)
    checker = checker or Checker()
    by_host = defaultdict(list)
    for link in links:
        by_host[link.host].append(link)

    def check_host(host_links):
        return [(link, checker.check(link.url)) for link in host_links]

    with ThreadPoolExecutor(max_workers=settings.LINKCHECK_CONCURRENCY) as pool:
        results = [pair for batch in pool.map(check_host, by_host.values()) for pair in batch]
    offline = _looks_offline(results)
    now = now or timezone.now()
    states = Counter()
    for link, answer in results:
        if offline and answer.network_error:
            answer = Answer("unknown", f"{OFFLINE}: {answer.message}", network_error=True)
        record(link, answer, now)
        states[link.state] += 1
    return states


def _looks_offline(results):
    """True when no host of several answered at all: then our own network is down."""
    hosts = {link.host for link, _answer in results}
    return len(hosts) >= 2 and all(answer.network_error for _link, answer in results)


def record(link, answer, now):
    """Store one check's answer; a link is broken only after two failures a day apart."""
    was_broken = link.state == Link.State.DEFEKT
    link.last_checked_at = now
    link.last_status = answer.status
    link.last_answer = answer.message[:300]
    link.redirect_url = answer.final_url[:2000]
    link.redirect_permanent = answer.permanent
    link.due_at = next_weekly_check(link.url, now)
    if answer.outcome == OK:
        link.state, link.failing_since = Link.State.OK, None
    elif answer.outcome == FAILED:
        if link.failing_since is None:
            link.failing_since = now
        if now - link.failing_since >= CONFIRM_AFTER:
            link.state = Link.State.DEFEKT
        else:
            link.state = Link.State.VERDAECHTIG
            link.due_at = link.failing_since + CONFIRM_AFTER
    else:
        # Neither proof of life nor of death: an earlier failure still waits for its second.
        link.state = Link.State.UNBEKANNT
        if link.failing_since is not None:
            link.due_at = max(now, link.failing_since + CONFIRM_AFTER)
    link.save(
        update_fields=[
            "last_checked_at",
            "last_status",
            "last_answer",
            "redirect_url",
            "redirect_permanent",
            "due_at",
            "state",
            "failing_since",
        ]
    )
    if was_broken != (link.state == Link.State.DEFEKT):
        content_changed()  # public pages show broken links differently: refresh their cache


def check_due(*, all_links=False, limit=None, now=None, checker=None):
    """Check the links that are due (or all); return a Counter of their states afterwards."""
    links = Link.objects.all() if all_links else Link.objects.due(now)
    links = links.order_by("due_at", "pk")
    if limit:
        links = links[:limit]
    return check_links(links, checker=checker, now=now)
