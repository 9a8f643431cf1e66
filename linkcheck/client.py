"""Check one address over HTTP: HEAD first, GET when HEAD is refused, redirects followed.

urllib3 rather than httpx: it is already installed and pinned (botocore depends on it), is
thread-safe with connection pools per host, and lets us turn automatic redirects and retries
off so each hop is rate-limited and recorded.
"""

import ipaddress
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from urllib3 import exceptions as http_errors

from linkcheck.models import host_of

OK, FAILED, UNKNOWN = "ok", "failed", "unknown"
# Servers that answer these to HEAD often serve the page to GET; a 503 is also asked again
# with GET to read the body, since challenge pages are told apart by their content.
GET_AFTER_HEAD = {400, 403, 405, 500, 501, 503}
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
# Access refused or throttled: says nothing about whether the page exists.
NOT_PROVEN = {401, 403, 407, 429}
MAX_REDIRECTS = 5
BODY_PEEK = 32 * 1024
CHALLENGE_MARKERS = (
    b"challenge-platform",
    b"cf-chl-",
    b"_cf_chl_opt",
    b"<title>just a moment",
    b"attention required! | cloudflare",
    b"ddos-guard",
)


@dataclass(frozen=True)
class Answer:
    outcome: str  # OK, FAILED or UNKNOWN
    message: str  # German, for the admin
    status: int | None = None
    final_url: str = ""
    permanent: bool = False
    # No HTTP answer at all (DNS, refused, timeout): may be our own network that is down.
    network_error: bool = False


def user_agent():
    """Return an honest User-Agent: the site's name, version and where to reach its operator."""
    contact = settings.LINKCHECK_CONTACT_URL
    if not contact and settings.SITE_URL:
        try:
            contact = settings.SITE_URL + reverse("site_pages:kontakt")
        except NoReverseMatch:
            contact = settings.SITE_URL
    if not contact and settings.SITE_CONTACT_EMAIL:
        contact = f"mailto:{settings.SITE_CONTACT_EMAIL}"
    name = f"rehapro-kb-linkcheck/{settings.LINKCHECK_VERSION}"
    return f"{name} (+{contact})" if contact else name


class HostLimiter:
    """One request at a time per host, and at least `interval` seconds between their starts."""

    def __init__(self, interval):
        self.interval = interval
        self._lock = threading.Lock()
        self._host_locks = {}
        self._last = {}

    @contextmanager
    def slot(self, host):
        with self._lock:
            host_lock = self._host_locks.setdefault(host, threading.Lock())
        with host_lock:
            wait = self._last.get(host, float("-inf")) + self.interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()
            yield


def _is_private(host):
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return False  # the request itself then reports the name as unresolvable
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            return True
    return False


def _is_challenge(response, body):
    headers = response.headers
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    if response.status in (403, 429, 503) and (
        "cf-ray" in headers or headers.get("server", "").lower() in ("cloudflare", "ddos-guard")
    ):
        return True
    lowered = body.lower()
    return response.status in (403, 429, 503) and any(m in lowered for m in CHALLENGE_MARKERS)


class Checker:
    """Checks addresses; share one across threads (pools and the host limiter are shared)."""

    def __init__(self, *, timeout=None, interval=None, allow_private=None, limiter=None):
        timeout = settings.LINKCHECK_TIMEOUT if timeout is None else timeout
        self.timeout = urllib3.Timeout(connect=min(5.0, timeout), read=timeout)
        self.deadline = timeout * 3  # the whole check, all hops included
        interval = settings.LINKCHECK_HOST_INTERVAL if interval is None else interval
        self.limiter = limiter or HostLimiter(interval)
        self.allow_private = (
            settings.LINKCHECK_ALLOW_PRIVATE_HOSTS if allow_private is None else allow_private
        )
        self.pool = urllib3.PoolManager(
            num_pools=32,
            headers={"User-Agent": user_agent(), "Accept": "*/*"},
            retries=False,
        )

    def check(self, url):
        """Return the Answer for one address (never raises for network trouble)."""
        started = time.monotonic()
        current, permanent = url, True
        for _hop in range(MAX_REDIRECTS + 1):
            if time.monotonic() - started > self.deadline:
                return Answer(FAILED, "Zeitüberschreitung (Weiterleitungen)", network_error=True)
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return Answer(FAILED, "Ungültige Adresse")
            if not self.allow_private and _is_private(parts.hostname):
                return Answer(UNKNOWN, "Interne Adresse, nicht geprüft")
            try:
                status, location, challenge = self._ask(current)
            # Most specific first: NameResolutionError < NewConnectionError < a timeout.
            except http_errors.NameResolutionError:
                return Answer(FAILED, "Name nicht auflösbar (DNS)", network_error=True)
            except http_errors.NewConnectionError:
                return Answer(FAILED, "Verbindung abgelehnt", network_error=True)
            except (http_errors.TimeoutError, TimeoutError):
                return Answer(FAILED, "Zeitüberschreitung", network_error=True)
            except http_errors.SSLError:
                return Answer(FAILED, "TLS-Fehler (Zertifikat)", network_error=True)
            except (http_errors.LocationParseError, ValueError):
                return Answer(FAILED, "Ungültige Adresse")
            except (http_errors.HTTPError, OSError):
                return Answer(FAILED, "Verbindung abgebrochen", network_error=True)
            final = "" if current == url else current
            if status in REDIRECTS and location:
                permanent = permanent and status in PERMANENT
                current = urljoin(current, location)
                continue
            permanent = permanent and bool(final)
            if challenge:
                return Answer(UNKNOWN, "Schutzseite (z. B. Cloudflare)", status, final, permanent)
            if 200 <= status < 300:
                return Answer(OK, f"OK ({status})", status, final, permanent)
            if status in NOT_PROVEN:
                return Answer(UNKNOWN, f"Zugriff verweigert ({status})", status, final)
            if status in (404, 410):
                text = "Nicht gefunden" if status == 404 else "Dauerhaft entfernt"
                return Answer(FAILED, f"{text} ({status})", status, final)
            return Answer(FAILED, f"Fehler ({status})", status, final)
        return Answer(FAILED, "Zu viele Weiterleitungen", None, current)

    def _ask(self, url):
        """HEAD, then GET if HEAD was refused; return (status, Location, is a challenge)."""
        status, location, challenge = self._request("HEAD", url)
        if status in GET_AFTER_HEAD and not challenge:
            status, location, challenge = self._request("GET", url)
        return status, location, challenge

    def _request(self, method, url):
        with self.limiter.slot(host_of(url)):
            response = self.pool.request(
                method,
                url,
                redirect=False,
                retries=False,
                timeout=self.timeout,
                preload_content=False,
            )
            try:
                body = b""
                if method == "GET" and response.status >= 400:
                    body = response.read(BODY_PEEK)
                return (
                    response.status,
                    response.headers.get("location"),
                    _is_challenge(response, body),
                )
            finally:
                response.release_conn()
