"""Two gunicorn servers sharing PostgreSQL and one Redis cache: no stale page, no error.

A practice is withdrawn and published again by a process with the same settings (a write on
"another app server"); right after each commit both servers must answer with the new state.
Meanwhile a mixed set of pages is fetched from both in turn; every answer must be a 200.
Redis database BENCH_REDIS_DB (default 9) is flushed before and after, nothing else.
"""

import http.client
import subprocess
import sys
import time

import redis
from config import PY, ROOT, VENV_BIN, WORK, env_int, log
from databases import django_env
from servers import Server, free_port

REDIS_DB = env_int("BENCH_REDIS_DB", 9)
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
ROUNDS = env_int("BENCH_TWO_SERVER_ROUNDS", 5)

TOGGLE = """
from practices.models import Practice
from practices.workflow import assign_state
practice = Practice.objects.get(slug={slug!r})
assign_state(practice, Practice.PublicationState.{state}, None, system=True)
practice.save()
"""


def _env(dbname):
    return django_env(dbname, DJANGO_CACHE_URL=REDIS_URL, DJANGO_CACHE_KEY_PREFIX="bench")


def _start(dbname, name):
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
    ]
    return Server(name, command, _env(dbname), port)


def _status(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status


def _set_state(dbname, slug, state):
    code = TOGGLE.format(slug=slug, state=state)
    subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=_env(dbname), check=True)


def run_two_servers(dbname, slug, paths):
    """Return errors, stale answers and timings of the two-server run."""
    WORK.mkdir(exist_ok=True)
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    servers = [_start(dbname, "gunicorn-a"), _start(dbname, "gunicorn-b")]
    detail = f"/praxis/{slug}/"
    requests = errors = stale = 0
    started = time.monotonic()
    try:
        for round_number in range(ROUNDS):
            for path in [*paths, detail]:
                for server in servers:
                    requests += 1
                    errors += _status(server.port, path) != 200
            for state, expected in (("ENTWURF", 404), ("VEROEFFENTLICHT", 200)):
                _set_state(dbname, slug, state)
                for server in servers:
                    requests += 1
                    stale += _status(server.port, detail) != expected
            log(f"two servers: round {round_number + 1}/{ROUNDS}, {errors} errors, {stale} stale")
    finally:
        for server in servers:
            server.stop()
        store.flushdb()
    return {
        "requests": requests,
        "errors": errors,
        "stale_after_publish": stale,
        "seconds": round(time.monotonic() - started, 1),
    }


if __name__ == "__main__":
    # python bench/two_servers.py DBNAME SLUG PATH...: a quick run against an existing database.
    print(run_two_servers(sys.argv[1], sys.argv[2], sys.argv[3:]))
