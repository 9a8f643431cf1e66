"""A local HTTP server on 127.0.0.1 with one path per kind of answer; no other traffic allowed."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from linkcheck.client import Checker, HostLimiter


@pytest.fixture(autouse=True)
def no_traffic_but_local(monkeypatch):
    """Fail any test that opens a socket to anything but 127.0.0.1."""
    real_connect = socket.socket.connect

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] != "127.0.0.1":
            raise AssertionError(f"traffic to {address} in a test")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)

    def _send(self, status, headers=(), body=b"", head=False):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _answer(self, head):
        server = self.server
        server.requests.append((self.command, self.path, time.monotonic(), dict(self.headers)))
        path = self.path
        if path == "/ok":
            self._send(200, body=b"<p>ok</p>", head=head)
        elif path == "/moved":
            self._send(301, [("Location", "/ok")], head=head)
        elif path == "/moved-twice":
            self._send(308, [("Location", "/moved")], head=head)
        elif path == "/temporary":
            self._send(302, [("Location", "/ok")], head=head)
        elif path == "/loop":
            self._send(302, [("Location", "/loop")], head=head)
        elif path == "/missing":
            self._send(404, head=head)
        elif path == "/gone":
            self._send(410, head=head)
        elif path == "/head-refused":
            self._send(403 if head else 200, body=b"<p>ok</p>", head=head)
        elif path == "/challenge":
            headers = [("cf-ray", "8a1b2c3d4e5f-FRA"), ("cf-mitigated", "challenge")]
            self._send(403, headers, b"<title>Just a moment...</title>", head=head)
        elif path == "/challenge-page":
            body = b"<html><title>Just a moment...</title><script src=/cdn-cgi/challenge-platform/>"
            self._send(503, body=body, head=head)
        elif path == "/server-error":
            self._send(500, head=head)
        elif path == "/slow":
            time.sleep(server.slow_seconds)
            self._send(200, head=head)
        elif path == "/drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif path == "/flaky":
            self._send(server.flaky_status, head=head)
        else:
            self._send(404, head=head)


@pytest.fixture
def http_server():
    """Serve the answers above on 127.0.0.1; `.url(path)` and `.requests` for the tests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.requests = []
    server.slow_seconds = 5.0
    server.flaky_status = 404
    server.url = lambda path: f"http://127.0.0.1:{server.server_port}{path}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def linkcheck_settings(settings):
    settings.LINKCHECK_ALLOW_PRIVATE_HOSTS = True
    settings.LINKCHECK_HOST_INTERVAL = 0
    settings.LINKCHECK_TIMEOUT = 1
    return settings


@pytest.fixture
def checker(linkcheck_settings):
    return Checker(timeout=2, limiter=HostLimiter(0))


def closed_port():
    """Return a local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
