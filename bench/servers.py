"""Serve the site with gunicorn as deployed; watch the workers' memory."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from config import ROOT, VENV_BIN, WORK
from databases import django_env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, path="/", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        time.sleep(0.3)
    raise SystemExit(f"server on port {port} did not come up")


class Server:
    def __init__(self, name, command, env, port, ready_path="/"):
        self.name, self.port = name, port
        self.log_path = WORK / f"{name}.log"
        self.log_file = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(port, ready_path)

    def worker_pids(self):
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[1]) == self.process.pid:
                        pids.append(int(entry.name))
        return pids or [self.process.pid]

    def log_text(self):
        self.log_file.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log_file.close()


def start_gunicorn(dbname, **extra_env):
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"),
        "rehapro_kb.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        "2",
        "--threads",
        "4",
        "--timeout",
        "120",
    ]
    name = f"gunicorn-{dbname}" + ("-uncached" if extra_env else "")
    return Server(name, command, django_env(dbname, **extra_env), port)


def start_uncached_gunicorn(dbname):
    """A server without the page cache: the page cache keys by canonical parameters, so an
    ignored parameter no longer makes a URL miss; cold pages are timed here instead."""
    return start_gunicorn(dbname, DJANGO_PAGE_CACHE_SECONDS="0")


def rss_kb(pid):
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class MemorySampler(threading.Thread):
    """Sample the RSS of the server's workers every 50 ms while a request runs."""

    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids = pids
        self.baseline = {pid: rss_kb(pid) for pid in pids}
        self.peak = dict(self.baseline)
        self.running = True

    def run(self):
        while self.running:
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_kb(pid))
            time.sleep(0.05)

    def stop(self):
        self.running = False
        self.join()
        growth = max(self.peak[p] - self.baseline[p] for p in self.pids) / 1024
        return {
            "peak_rss_mb": round(sum(self.peak.values()) / 1024, 1),
            "baseline_rss_mb": round(sum(self.baseline.values()) / 1024, 1),
            "growth_mb": round(growth, 1),
        }
