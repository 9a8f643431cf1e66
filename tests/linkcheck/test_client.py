"""The checker classifies each kind of answer of a local server correctly."""

import itertools
import threading
import time

import pytest

from linkcheck.client import FAILED, OK, UNKNOWN, Checker, HostLimiter, user_agent
from tests.linkcheck.conftest import closed_port


@pytest.mark.parametrize(
    "path, outcome, status, message",
    [
        ("/ok", OK, 200, "OK (200)"),
        ("/missing", FAILED, 404, "Nicht gefunden (404)"),
        ("/gone", FAILED, 410, "Dauerhaft entfernt (410)"),
        ("/head-refused", OK, 200, "OK (200)"),
        ("/challenge", UNKNOWN, 403, "Schutzseite (z. B. Cloudflare)"),
        ("/challenge-page", UNKNOWN, 503, "Schutzseite (z. B. Cloudflare)"),
        ("/server-error", FAILED, 500, "Fehler (500)"),
        ("/slow", FAILED, None, "Zeitüberschreitung"),
        ("/drop", FAILED, None, "Verbindung abgebrochen"),
        ("/loop", FAILED, None, "Zu viele Weiterleitungen"),
    ],
)
def test_each_answer_is_classified(http_server, checker, path, outcome, status, message):
    answer = checker.check(http_server.url(path))
    assert (answer.outcome, answer.status, answer.message) == (outcome, status, message)


def test_a_permanent_redirect_is_followed_and_offered_as_fix(http_server, checker):
    answer = checker.check(http_server.url("/moved-twice"))
    assert answer.outcome == OK
    assert answer.final_url == http_server.url("/ok")
    assert answer.permanent


def test_a_temporary_redirect_is_recorded_but_not_offered_as_fix(http_server, checker):
    answer = checker.check(http_server.url("/temporary"))
    assert (answer.outcome, answer.final_url, answer.permanent) == (
        OK,
        http_server.url("/ok"),
        False,
    )


def test_head_refused_falls_back_to_get(http_server, checker):
    checker.check(http_server.url("/head-refused"))
    assert [(m, p) for m, p, _t, _h in http_server.requests] == [
        ("HEAD", "/head-refused"),
        ("GET", "/head-refused"),
    ]


def test_a_found_page_costs_one_head_request(http_server, checker):
    checker.check(http_server.url("/ok"))
    assert [m for m, _p, _t, _h in http_server.requests] == ["HEAD"]


def test_a_closed_port_is_a_network_failure(checker):
    answer = checker.check(f"http://127.0.0.1:{closed_port()}/")
    assert (answer.outcome, answer.network_error) == (FAILED, True)


def test_the_timeout_bounds_a_slow_answer(http_server, checker):
    started = time.monotonic()
    checker.check(http_server.url("/slow"))
    assert time.monotonic() - started < 4.5  # the timeout (2 s), not the answer (5 s)


def test_private_addresses_are_not_requested_by_default(http_server, settings):
    settings.LINKCHECK_ALLOW_PRIVATE_HOSTS = False
    answer = Checker(timeout=0.5).check(http_server.url("/ok"))
    assert answer.outcome == UNKNOWN
    assert http_server.requests == []


def test_user_agent_is_honest(http_server, checker, settings):
    settings.SITE_URL = "https://wissen.example.org"
    Checker(timeout=0.5, limiter=HostLimiter(0)).check(http_server.url("/ok"))
    sent = http_server.requests[0][3]["User-Agent"]
    assert sent == user_agent()
    assert sent == "rehapro-kb-linkcheck/0.1.0 (+https://wissen.example.org/kontakt/)"


def test_requests_to_one_host_keep_the_interval_even_from_several_threads(
    http_server, linkcheck_settings
):
    checker = Checker(timeout=1, limiter=HostLimiter(0.25))
    threads = [
        threading.Thread(target=checker.check, args=(http_server.url("/ok"),)) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts = sorted(t for _m, _p, t, _h in http_server.requests)
    assert len(starts) == 4
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.2, gaps
