"""A cut-off export is recognisable as incomplete: tested through a real server and a real cut.

Between the client and the live test server sits a TCP relay that closes both connections
after a given number of response bytes, as a worker killed mid-export or a dropped network
would.
"""

import csv
import http.client
import io
import json
import socket
import threading

import pytest

from practices.models import Practice
from tests.content_snapshot import ensure_content

pytestmark = pytest.mark.django_db(transaction=True)


class CuttingRelay:
    """Relay one connection at a time to `upstream`, cutting the response after `limit` bytes."""

    def __init__(self, upstream, limit):
        self.upstream = upstream
        self.limit = limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        client, _address = self.listener.accept()
        server = socket.create_connection(self.upstream)
        threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()
        sent = 0
        while sent < self.limit:
            data = server.recv(min(65536, self.limit - sent))
            if not data:
                break
            client.sendall(data)
            sent += len(data)
        client.shutdown(socket.SHUT_RDWR)
        client.close()
        server.close()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass


def _get(port, path):
    """GET path; return (response headers, body bytes, whether the body arrived complete)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Connection": "close"})
    response = connection.getresponse()
    try:
        body, complete = response.read(), True
    except http.client.IncompleteRead as error:
        body, complete = error.partial, False
    connection.close()
    return response, body, complete


@pytest.fixture
def server(live_server):
    ensure_content()
    host, port = live_server.url.removeprefix("http://").split(":")
    return host, int(port)


FRACTIONS = (0.2, 0.5, 0.99)


def _head_size(port, path):
    """The bytes of status line and headers, which travel before the body."""
    response, _body, _complete = _get(port, path)
    return (
        len(f"HTTP/1.1 {response.status} {response.reason}\r\n")
        + sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
        + 2
    )


def test_a_cut_off_json_export_is_not_valid_json(server):
    path = "/praxis/export.json"
    _response, full, _complete = _get(server[1], path)
    assert len(json.loads(full)["results"]) == Practice.objects.published().count()
    for fraction in FRACTIONS:
        relay = CuttingRelay(server, _head_size(server[1], path) + int(len(full) * fraction))
        response, body, _complete = _get(relay.port, path)
        assert response.status == 200
        assert 0 < len(body) < len(full)
        with pytest.raises(json.JSONDecodeError):
            json.loads(body)


def test_a_cut_off_csv_export_is_recognisably_incomplete(server):
    path = "/praxis/export.csv"
    response, full, complete = _get(server[1], path)
    count = Practice.objects.published().count()
    assert complete and int(response.headers["Content-Length"]) == len(full)
    # The file name says how many rows the file has; the complete file has exactly these.
    assert f"-{count}-zeilen.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(full.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == count + 1
    for fraction in FRACTIONS:
        relay = CuttingRelay(server, _head_size(server[1], path) + int(len(full) * fraction))
        response, body, complete = _get(relay.port, path)
        assert response.status == 200
        # The client (a browser's download, curl, Python) gets fewer bytes than announced ...
        assert not complete and 0 < len(body) < int(response.headers["Content-Length"])
        # ... and a cut-off file opened anyway has fewer rows than its name says.
        text = body.decode("utf-8-sig", "replace")
        assert len(list(csv.reader(io.StringIO(text), delimiter=";"))) < count + 1
