"""Recording checks: the two-check rule, the weekly schedule, the offline guard, the command."""

import datetime
import itertools
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from linkcheck.client import Checker, HostLimiter
from linkcheck.models import Link
from linkcheck.run import check_due, check_links
from linkcheck.schedule import WEEK, next_weekly_check, weekly_offset
from tests.linkcheck.conftest import closed_port

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def link(url):
    return Link.objects.create(url=url)


def check(obj, checker, now):
    check_links([obj], checker=checker, now=now)
    obj.refresh_from_db()
    return obj


def test_a_link_is_broken_only_after_two_failures_a_day_apart(http_server, checker):
    flaky = link(http_server.url("/flaky"))
    t0 = timezone.now()
    assert check(flaky, checker, t0).state == Link.State.VERDAECHTIG
    assert flaky.due_at == t0 + DAY
    # Failing again the same day confirms nothing.
    assert check(flaky, checker, t0 + datetime.timedelta(hours=6)).state == "verdaechtig"
    assert check(flaky, checker, t0 + DAY).state == Link.State.DEFEKT
    assert flaky.failing_since == t0
    assert (flaky.last_status, flaky.last_answer) == (404, "Nicht gefunden (404)")


def test_a_recovered_link_starts_over(http_server, checker):
    flaky = link(http_server.url("/flaky"))
    t0 = timezone.now()
    check(flaky, checker, t0)
    http_server.flaky_status = 200
    assert check(flaky, checker, t0 + DAY).state == Link.State.OK
    assert flaky.failing_since is None
    http_server.flaky_status = 404
    assert check(flaky, checker, t0 + 2 * DAY).state == Link.State.VERDAECHTIG


def test_an_unknown_answer_neither_confirms_nor_clears_a_failure(http_server, checker):
    flaky = link(http_server.url("/flaky"))
    t0 = timezone.now()
    check(flaky, checker, t0)
    http_server.flaky_status = 429
    assert check(flaky, checker, t0 + DAY).state == Link.State.UNBEKANNT
    assert flaky.failing_since == t0
    http_server.flaky_status = 410
    assert check(flaky, checker, t0 + 2 * DAY).state == Link.State.DEFEKT


def test_a_challenge_is_unknown_however_often(http_server, checker):
    challenged = link(http_server.url("/challenge"))
    t0 = timezone.now()
    for days in range(3):
        assert check(challenged, checker, t0 + days * DAY).state == Link.State.UNBEKANNT
    assert challenged.failing_since is None


def test_a_redirect_is_stored_with_the_link(http_server, checker):
    moved = check(link(http_server.url("/moved")), checker, timezone.now())
    assert (moved.state, moved.redirect_url, moved.redirect_permanent) == (
        Link.State.OK,
        http_server.url("/ok"),
        True,
    )


def test_when_no_host_answers_at_all_nothing_counts_as_a_failure(checker):
    # Two hosts, neither reachable: our own network is down, not theirs.
    dead = [
        link(f"http://127.0.0.1:{closed_port()}/a"),
        link(f"http://127.0.0.1:{closed_port()}/b"),
    ]
    states = check_links(dead, checker=checker)
    assert states == Counter({Link.State.UNBEKANNT: 2})
    assert not Link.objects.filter(failing_since__isnull=False).exists()


def test_an_unreachable_host_among_answering_ones_counts(http_server, checker):
    dead = link(f"http://127.0.0.1:{closed_port()}/a")
    check_links([dead, link(http_server.url("/ok"))], checker=checker)
    dead.refresh_from_db()
    assert dead.state == Link.State.VERDAECHTIG


def test_requests_to_one_host_are_spaced_by_the_rate_limit(http_server, linkcheck_settings):
    links = [link(http_server.url(f"/ok?{n}")) for n in range(4)]
    linkcheck_settings.LINKCHECK_CONCURRENCY = 4
    check_links(links, checker=Checker(timeout=1, limiter=HostLimiter(0.2)))
    starts = sorted(t for _m, _p, t, _h in http_server.requests)
    assert len(starts) == 4
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.16


def test_weekly_slots_spread_links_over_the_week():
    days = Counter(weekly_offset(f"https://example.org/{n}") // 86400 for n in range(700))
    assert set(days) == set(range(7))
    assert min(days.values()) > 60


def test_the_next_weekly_check_is_within_a_week_and_on_the_links_slot():
    now = timezone.now()
    url = "https://example.org/x"
    due = next_weekly_check(url, now)
    assert now + datetime.timedelta(hours=12) <= due < now + datetime.timedelta(days=7, hours=12)
    assert int(due.timestamp()) % WEEK == weekly_offset(url)
    assert next_weekly_check(url, due) == due + datetime.timedelta(days=7)


def test_only_due_links_are_checked(http_server, checker):
    due = link(http_server.url("/ok"))
    now = timezone.now()
    later = Link.objects.create(url=http_server.url("/gone"), due_at=now + DAY)
    check_due(now=now, checker=checker)
    later.refresh_from_db()
    assert later.last_checked_at is None
    due.refresh_from_db()
    assert due.state == Link.State.OK
    assert due.due_at > now


def test_check_links_command_checks_all(http_server, linkcheck_settings, capsys):
    Link.objects.all().delete()
    link(http_server.url("/ok"))
    Link.objects.create(url=http_server.url("/missing"), due_at=timezone.now() + DAY)
    call_command("check_links", "--all", "--no-collect")
    out = capsys.readouterr().out
    assert "Geprüft: 2 Links." in out
    assert "erreichbar: 1" in out
    assert "einmal fehlgeschlagen: 1" in out
