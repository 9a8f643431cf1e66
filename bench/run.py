"""`make bench`: measure the public site at 100k practices on PostgreSQL, against Datasette.

Steps: install the pinned tools, build (or reuse) the demo database, serve it with gunicorn
as deployed, time each page sequentially, count SQL queries, sample worker memory during
exports, run a mixed load with locust, serve the same rows with Datasette for comparison,
and time the real-size site (curated content only). Prints a table and writes
bench/results/latest.json. Options are environment variables, see bench/README.md.
"""

import contextlib
import datetime
import hashlib
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"
RESULTS = BENCH / "results"
VENV_BIN = Path(sys.executable).parent
PY = sys.executable


def env_int(name, default):
    return int(os.environ.get(name, default))


def env_flag(name):
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on", "ja"}


PRACTICES = env_int("BENCH_PRACTICES", 100_000)
SEED = env_int("BENCH_SEED", 1)
REPEATS = max(7, env_int("BENCH_REPEATS", 9))
EXPORT_REPEATS = max(7, env_int("BENCH_EXPORT_REPEATS", 7))
LOAD_SECONDS = env_int("BENCH_LOAD_SECONDS", 60)
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "rehapro_bench")
REAL_DB_NAME = os.environ.get("BENCH_REAL_DB", "rehapro_bench_real")
SEARCH_TERM = os.environ.get("BENCH_SEARCH_TERM", "Resilienztraining")
SECRET = "bench-only-secret-key-not-for-production-use-" + "x" * 20

TARGETS_MS = {
    "search_filters_facets_p50": 50,
    "search_filters_facets_p95": 100,
    "list_default_p50": 25,
    "detail_p50": 15,
    "csv_all_p50": 1500,
    "json_all_p50": 1500,
    "xlsx_100k_p50": 6000,
    "load_32_p95": 300,
    "real_every_page_p50": 15,
}
TARGET_RATIO = 0.4
TARGET_MAX_QUERIES = 10
TARGET_MEMORY_GROWTH_MB = 50


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- tools and databases ---------------------------------------------------------------


def install_tools():
    marker = ROOT / ".venv" / ".bench-installed"
    requirements = ROOT / "requirements-bench.txt"
    if marker.exists() and marker.stat().st_mtime >= requirements.stat().st_mtime:
        return
    log("installing the pinned benchmark tools into .venv (requirements-bench.txt)")
    subprocess.run(
        [PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements],
        check=True,
    )
    marker.touch()


def ensure_postgres():
    def ready():
        return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0

    if ready():
        return
    log("starting PostgreSQL")
    versions = sorted(os.listdir("/etc/postgresql"))
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"], check=False
    )
    for _ in range(30):
        if ready():
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL on 127.0.0.1:5432 is not reachable")


def pg(dbname="postgres"):
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/{dbname}", autocommit=True)


def ensure_database(name):
    if name in ("rehapro_kb",) or name.startswith("test_"):
        raise SystemExit(f"refusing to use database {name!r}")
    with pg() as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def django_env(dbname, **extra):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="rehapro_kb.settings",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=f"{PG_SERVER}/{dbname}",
    )
    env.update(extra)
    return env


def manage(dbname, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=django_env(dbname), check=True)


def generator_fingerprint():
    digest = hashlib.sha256()
    # Every file of the generator package (code and word lists), then the curated content.
    for path in sorted((ROOT / "demo_data").rglob("*")):
        if path.suffix in (".py", ".toml"):
            digest.update(path.read_bytes())
    digest.update((ROOT / "content" / "tags.toml").read_bytes())
    for path in sorted((ROOT / "content" / "forums").glob("*.toml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_demo_database():
    """Build the demo data unless the database already holds the same N, seed and generator."""
    ensure_database(DB_NAME)
    manage(DB_NAME, "migrate", "--noinput", "-v0")
    wanted = {"practices": PRACTICES, "seed": SEED, "generator": generator_fingerprint()}
    with pg(DB_NAME) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb)")
        row = conn.execute("SELECT value FROM bench_meta WHERE key = 'demo'").fetchone()
    held = row[0] if row else None
    if env_flag("BENCH_SKIP_BUILD") and held:
        log(f"BENCH_SKIP_BUILD: reusing {DB_NAME} as it is ({held})")
        return held, 0.0
    if held == wanted:
        log(f"reusing {DB_NAME}: it holds {PRACTICES} practices, seed {SEED}")
        return held, 0.0
    log(f"generating {PRACTICES} practices (seed {SEED}) into {DB_NAME}")
    started = time.monotonic()
    with pg(DB_NAME) as conn:
        conn.execute("DELETE FROM bench_meta WHERE key = 'demo'")
    manage(DB_NAME, "generate_demo_data", "--practices", str(PRACTICES), "--seed", str(SEED))
    seconds = time.monotonic() - started
    with pg(DB_NAME) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('demo', %s)", [json.dumps(wanted)]
        )
    return wanted, seconds


def build_real_database():
    ensure_database(REAL_DB_NAME)
    manage(REAL_DB_NAME, "migrate", "--noinput", "-v0")
    manage(REAL_DB_NAME, "load_forum_content")
    with pg(REAL_DB_NAME) as conn:
        conn.execute("VACUUM ANALYZE")


# --- serving -----------------------------------------------------------------------------


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


def start_gunicorn(dbname):
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
    return Server(f"gunicorn-{dbname}", command, django_env(dbname), port)


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


# --- timing --------------------------------------------------------------------------------


def fetch(port, path, connection=None):
    """GET path and read the whole body; return (status, bytes, seconds, connection)."""
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = conn.getresponse()
        size = 0
        while chunk := response.read(65536):
            size += len(chunk)
        status = response.status
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = None
    except (OSError, http.client.HTTPException):
        conn.close()
        return 599, 0, time.perf_counter() - started, None
    return status, size, time.perf_counter() - started, conn


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def uncached(path, n):
    """Make the URL unique, so the page cache misses: the page is computed afresh."""
    return f"{path}{'&' if '?' in path else '?'}frisch={n}"


def measure(port, path, repeats, server=None, cold=False):
    """Time `repeats` sequential requests (after one warm-up); sample memory if asked.

    cold=True makes every URL unique (an ignored parameter), so the page cache never hits.
    """
    fetch(port, uncached(path, "warm") if cold else path)
    times, sizes, errors, memory = [], [], 0, None
    sampler = MemorySampler(server.worker_pids()) if server else None
    if sampler:
        sampler.start()
    conn = None
    for n in range(repeats):
        status, size, seconds, conn = fetch(port, uncached(path, n) if cold else path, conn)
        times.append(seconds * 1000)
        sizes.append(size)
        errors += status >= 400
    if conn:
        conn.close()
    if sampler:
        memory = sampler.stop()
    result = {
        "path": path,
        "n": repeats,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "min_ms": round(min(times), 1),
        "bytes": max(sizes),
        "errors": errors,
    }
    if memory:
        result["memory"] = memory
    return result


def count_queries(dbname, paths):
    output = subprocess.run(
        [PY, str(BENCH / "count_queries.py"), *paths],
        cwd=ROOT,
        # Count what a page costs when it is computed, not when the page cache answers.
        env=django_env(dbname, DJANGO_PAGE_CACHE_SECONDS="0"),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def sample_paths(dbname):
    """Pick a detail page, a generated forum, a Thementisch and a project from the database."""
    with pg(dbname) as conn:
        detail = conn.execute(
            "SELECT slug FROM practices_practice WHERE publication_state = 'veroeffentlicht' "
            "ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM practices_practice)"
        ).fetchone()
        if detail is None:
            detail = conn.execute(
                "SELECT slug FROM practices_practice "
                "WHERE publication_state = 'veroeffentlicht' ORDER BY id LIMIT 1"
            ).fetchone()
        details = [
            r[0]
            for r in conn.execute(
                "SELECT slug FROM practices_practice WHERE publication_state = 'veroeffentlicht' "
                "AND id % 997 = 0 ORDER BY id LIMIT 200"
            )
        ] or [detail[0]]
        forum = conn.execute("SELECT slug FROM forums_forum ORDER BY date DESC LIMIT 1").fetchone()
        table = conn.execute(
            "SELECT f.slug, t.slug FROM forums_thementisch t JOIN forums_forum f "
            "ON f.id = t.forum_id ORDER BY f.date DESC, t.position LIMIT 1"
        ).fetchone()
        project = conn.execute("SELECT slug FROM practices_project ORDER BY id LIMIT 1").fetchone()
        counts = {}
        for name, where in {
            "published": "true",
            "filtered": "category = 'finanzierung' AND status = 'umgesetzt'",
            "xlsx_10k": "category = 'finanzierung'",
        }.items():
            counts[name] = conn.execute(
                "SELECT count(*) FROM practices_practice "
                f"WHERE publication_state = 'veroeffentlicht' AND {where}"
            ).fetchone()[0]
        counts["search"] = conn.execute(
            "SELECT count(*) FROM practices_practice WHERE publication_state = 'veroeffentlicht' "
            "AND search_vector @@ (websearch_to_tsquery('german', %s) "
            "|| websearch_to_tsquery('simple', %s))",
            [SEARCH_TERM, SEARCH_TERM],
        ).fetchone()[0]
    return {
        "detail": f"/praxis/{detail[0]}/",
        "details": [f"/praxis/{slug}/" for slug in details],
        "forum": f"/foren/{forum[0]}/",
        "thementisch": f"/foren/{table[0]}/{table[1]}/" if table else None,
        "project": f"/projekte/{project[0]}/" if project else None,
        "counts": counts,
    }


def q(**params):
    return urllib.parse.urlencode(params, doseq=True)


# --- the runs --------------------------------------------------------------------------------


def scale_pages(samples):
    search = q(q=SEARCH_TERM)
    both = q(q=SEARCH_TERM, kategorie="angebote-traeger", status="umgesetzt")
    return {
        "list_default": ("/praxis/", REPEATS),
        "list_two_filters": (
            "/praxis/?" + q(kategorie="finanzierung", status="umgesetzt"),
            REPEATS,
        ),
        "search": ("/praxis/?" + search, REPEATS),
        "search_filters_facets": ("/praxis/?" + both, REPEATS),
        "detail": (samples["detail"], REPEATS),
        "list_default_uncached": ("/praxis/", REPEATS),
        "list_two_filters_uncached": (
            "/praxis/?" + q(kategorie="finanzierung", status="umgesetzt"),
            REPEATS,
        ),
        "search_filters_facets_uncached": ("/praxis/?" + both, REPEATS),
        "detail_uncached": (samples["detail"], REPEATS),
        "forum": (samples["forum"], EXPORT_REPEATS),
        "start": ("/", REPEATS),
        "csv_all": ("/praxis/export.csv", EXPORT_REPEATS),
        "json_all": ("/praxis/export.json", EXPORT_REPEATS),
        "xlsx_10k": ("/praxis/export.xlsx?" + q(kategorie="finanzierung"), EXPORT_REPEATS),
        "xlsx_100k": ("/praxis/export.xlsx", EXPORT_REPEATS),
    }


def run_pages(server, pages, exports=()):
    results = {}
    for name, (path, repeats) in pages.items():
        log(f"timing {name}: {path} x{repeats}")
        results[name] = measure(
            server.port,
            path,
            repeats,
            server if name in exports else None,
            cold=name.endswith("_uncached"),
        )
        log(f"  p50 {results[name]['p50_ms']} ms, p95 {results[name]['p95_ms']} ms")
    return results


def run_load(server, samples, clients):
    search_terms = [SEARCH_TERM, "Bremerhaven", "Suchtberatung", "Alleinerziehende", "Coaching"]
    urls = {
        "list": ["/praxis/", "/praxis/?page=2", "/praxis/?sort=neueste", "/praxis/?sort=titel"],
        "filtered": [
            "/praxis/?" + q(kategorie="finanzierung", status="umgesetzt"),
            "/praxis/?" + q(status="geplant", mit_huerden="ja"),
            "/praxis/?" + q(kategorie=["angebote-traeger", "sonstiges"], foerderwelle="2"),
        ],
        "search": ["/praxis/?" + q(q=term) for term in search_terms]
        + ["/praxis/?" + q(q=SEARCH_TERM, kategorie="angebote-traeger", status="umgesetzt")],
        "detail": samples["details"],
        "forum": [samples["thementisch"] or samples["forum"], samples["forum"]],
        "csv": ["/praxis/export.csv?" + q(q=term) for term in search_terms],
    }
    prefix = WORK / f"locust-{clients}"
    env = dict(os.environ, BENCH_URLS=json.dumps(urls))
    log(f"load: {clients} clients for {LOAD_SECONDS} s")
    with open(WORK / f"locust-{clients}.log", "w") as log_file:
        _run_locust(server, clients, prefix, env, log_file)
    return _load_figures(prefix)


def _run_locust(server, clients, prefix, env, log_file):
    subprocess.run(
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(BENCH / "locustfile.py"),
            "--headless",
            "--users",
            str(clients),
            "--spawn-rate",
            str(clients),
            "--run-time",
            f"{LOAD_SECONDS}s",
            "--stop-timeout",
            "30",
            "--host",
            f"http://127.0.0.1:{server.port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        cwd=WORK,
        check=False,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        timeout=LOAD_SECONDS + 120,
    )


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def _load_figures(prefix):
    import csv

    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}

    def figures(row):
        return {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": number(row["50%"]),
            "p95_ms": number(row["95%"]),
            "p99_ms": number(row["99%"]),
        }

    result = figures(rows["Aggregated"])
    result["by_page"] = {name: figures(row) for name, row in rows.items() if name != "Aggregated"}
    log(
        f"  p50 {result['p50_ms']} p95 {result['p95_ms']} p99 {result['p99_ms']} ms, "
        f"{result['errors']} errors, {result['rps']} req/s"
    )
    return result


def run_datasette(samples):
    sys.path.insert(0, str(BENCH))
    import datasette_db

    target = WORK / "bench.db"
    log("exporting the published practices to SQLite for Datasette")
    started = time.monotonic()
    rows = datasette_db.build(f"{PG_SERVER}/{DB_NAME}", target)
    log(f"  {rows} rows in {time.monotonic() - started:.1f} s")
    port = free_port()
    command = [
        str(VENV_BIN / "datasette"),
        "serve",
        "-i",
        str(target),
        "--port",
        str(port),
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "max_csv_mb",
        "0",
        # Let every facet finish (the defaults give up after 200 ms and show none).
        "--setting",
        "facet_time_limit_ms",
        "10000",
        "--setting",
        "sql_time_limit_ms",
        "30000",
    ]
    server = Server("datasette", command, dict(os.environ), port, "/-/versions.json")
    try:
        facets = [("_facet", f) for f in ("category", "status", "forum")] + [
            ("_facet_array", f) for f in ("tags", "funding_waves")
        ]
        query = [
            ("_search", SEARCH_TERM),
            ("category", "angebote-traeger"),
            ("status", "umgesetzt"),
            *facets,
        ]
        faceted = "/bench/practices?" + urllib.parse.urlencode(query)
        check = "/bench/practices.json?" + urllib.parse.urlencode(query)
        body = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body.request("GET", check)
        data = json.loads(body.getresponse().read())
        timed_out = data.get("facets_timed_out", [])
        pages = {
            "search_filters_facets": (faceted, REPEATS),
            "csv_all": ("/bench/practices.csv?_stream=on&_size=max", EXPORT_REPEATS),
        }
        results = run_pages(server, pages, exports=("csv_all",))
        results["search_filters_facets"]["rows_found"] = data.get("filtered_table_rows_count")
        results["search_filters_facets"]["facets_timed_out"] = timed_out
        results["search_filters_facets"]["facets_returned"] = sorted(data.get("facet_results", {}))
        version = subprocess.run(
            [str(VENV_BIN / "datasette"), "--version"], capture_output=True, text=True
        ).stdout.strip()
        results["version"] = version
        results["rows"] = rows
        return results
    finally:
        server.stop()


def real_size_pages(samples):
    pages = {
        "start": "/",
        "list_default": "/praxis/",
        "list_two_filters": "/praxis/?"
        + q(kategorie="strukturen-organisationsentwicklung", status="umgesetzt"),
        "search": "/praxis/?" + q(q="Gesundheit"),
        "search_filters_facets": "/praxis/?"
        + q(q="Netzwerk", kategorie="angebote-traeger", status="umgesetzt"),
        "no_results_suggestions": "/praxis/?" + q(q="Gesundheitsfoerderungg"),
        "detail": samples["detail"],
        "forum_list": "/foren/",
        "forum": samples["forum"],
        "thementisch": samples["thementisch"],
        "project_list": "/projekte/",
        "project": samples["project"],
        "csv_all": "/praxis/export.csv",
        "json_all": "/praxis/export.json",
        "xlsx_all": "/praxis/export.xlsx",
    }
    measured = {name: (path, REPEATS) for name, path in pages.items() if path}
    for name, path in pages.items():
        if path and "export" not in path:
            measured[f"{name}_uncached"] = (path, REPEATS)
    return measured


# --- report ----------------------------------------------------------------------------------


def machine_info():
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_mb"] = int(line.split()[1]) // 1024
    with contextlib.suppress(Exception), pg() as conn:
        info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    return info


def evaluate(results):
    scale = results["scale"]
    pages = scale["pages"]
    peer = results.get("datasette") or {}
    checks = []

    def check(name, value, limit, unit="ms"):
        met = value is not None and value <= limit
        checks.append({"target": name, "value": value, "limit": limit, "unit": unit, "met": met})

    facets = pages["search_filters_facets"]
    check(
        "search + 2 filters + facets p50", facets["p50_ms"], TARGETS_MS["search_filters_facets_p50"]
    )
    check(
        "search + 2 filters + facets p95", facets["p95_ms"], TARGETS_MS["search_filters_facets_p95"]
    )
    if peer:
        ratio = facets["p50_ms"] / peer["search_filters_facets"]["p50_ms"]
        check("search + facets vs Datasette (ratio)", round(ratio, 2), TARGET_RATIO, "x")
    check(
        "search + 2 filters + facets p50, uncached",
        pages["search_filters_facets_uncached"]["p50_ms"],
        TARGETS_MS["search_filters_facets_p50"],
    )
    if peer:
        ratio = (
            pages["search_filters_facets_uncached"]["p50_ms"]
            / (peer["search_filters_facets"]["p50_ms"])
        )
        check("search + facets uncached vs Datasette", round(ratio, 2), TARGET_RATIO, "x")
    check("list default p50", pages["list_default"]["p50_ms"], TARGETS_MS["list_default_p50"])
    check(
        "list default p50, uncached",
        pages["list_default_uncached"]["p50_ms"],
        TARGETS_MS["list_default_p50"],
    )
    check("detail p50", pages["detail"]["p50_ms"], TARGETS_MS["detail_p50"])
    check("detail p50, uncached", pages["detail_uncached"]["p50_ms"], TARGETS_MS["detail_p50"])
    most = max(v["queries"] for v in scale["queries"].values())
    check("SQL queries per page (max)", most, TARGET_MAX_QUERIES, "queries")
    check("CSV all p50", pages["csv_all"]["p50_ms"], TARGETS_MS["csv_all_p50"])
    if peer:
        ratio = pages["csv_all"]["p50_ms"] / peer["csv_all"]["p50_ms"]
        check("CSV all vs Datasette (ratio)", round(ratio, 2), TARGET_RATIO, "x")
    check(
        "CSV memory growth", pages["csv_all"]["memory"]["growth_mb"], TARGET_MEMORY_GROWTH_MB, "MB"
    )
    check("JSON all p50", pages["json_all"]["p50_ms"], TARGETS_MS["json_all_p50"])
    check(
        "JSON memory growth",
        pages["json_all"]["memory"]["growth_mb"],
        TARGET_MEMORY_GROWTH_MB,
        "MB",
    )
    check("XLSX 100k p50", pages["xlsx_100k"]["p50_ms"], TARGETS_MS["xlsx_100k_p50"])
    check(
        "XLSX 100k errors / worker timeouts",
        pages["xlsx_100k"]["errors"] + scale["worker_timeouts"],
        0,
        "",
    )
    load = scale.get("load", {}).get("32")
    if load:
        check("32 clients: errors", load["errors"], 0, "")
        check("32 clients: p95", load["p95_ms"], TARGETS_MS["load_32_p95"])
    real = results.get("real")
    if real:
        for cold in (False, True):
            html = {
                k: v
                for k, v in real["pages"].items()
                if "export" not in v["path"] and k.endswith("_uncached") == cold
            }
            worst = max(html.items(), key=lambda item: item[1]["p50_ms"])
            check(
                f"real size: every page p50{', uncached' if cold else ''} (worst: {worst[0]})",
                worst[1]["p50_ms"],
                TARGETS_MS["real_every_page_p50"],
            )
    return checks


def print_table(results):
    scale = results["scale"]
    peer = results.get("datasette") or {}
    lines = [
        "",
        f"== {results['demo']['practices']} practices (seed {results['demo']['seed']}), "
        f"PostgreSQL {results['machine'].get('postgresql', '?')}, gunicorn gthread 2x4 ==",
        f"{'page':<24}{'p50 ms':>10}{'p95 ms':>10}{'queries':>9}{'KB':>10}"
        f"{'Datasette p50':>15}{'ratio':>8}{'mem +MB':>9}",
    ]
    for name, page in scale["pages"].items():
        queries = scale["queries"].get(page["path"], {}).get("queries", "")
        other = peer.get(name)
        ratio = f"{page['p50_ms'] / other['p50_ms']:.2f}" if other else ""
        memory = page.get("memory", {}).get("growth_mb", "")
        lines.append(
            f"{name:<24}{page['p50_ms']:>10}{page['p95_ms']:>10}{queries!s:>9}"
            f"{page['bytes'] // 1024:>10}{(other or {}).get('p50_ms', '')!s:>15}"
            f"{ratio:>8}{memory!s:>9}"
        )
    for clients, load in scale.get("load", {}).items():
        lines.append(
            f"load {clients:>2} clients {LOAD_SECONDS}s: p50 {load['p50_ms']} p95 {load['p95_ms']} "
            f"p99 {load['p99_ms']} ms, {load['errors']} errors / {load['requests']} requests, "
            f"{load['rps']} req/s"
        )
    real = results.get("real")
    if real:
        lines.append("== real size (curated content) ==")
        for name, page in real["pages"].items():
            queries = real["queries"].get(page["path"], {}).get("queries", "")
            lines.append(f"{name:<24}{page['p50_ms']:>10}{page['p95_ms']:>10}{queries!s:>9}")
    lines.append("== targets ==")
    for item in results["targets"]:
        mark = "met   " if item["met"] else "MISSED"
        lines.append(
            f"{mark} {item['target']:<48} {item['value']} {item['unit']} (<= {item['limit']})"
        )
    print("\n".join(lines), flush=True)


def main():
    started = time.monotonic()
    WORK.mkdir(exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    install_tools()
    ensure_postgres()
    results = {
        "started_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_info(),
        "settings": {
            "repeats": REPEATS,
            "export_repeats": EXPORT_REPEATS,
            "load_seconds": LOAD_SECONDS,
            "search_term": SEARCH_TERM,
        },
    }
    demo, build_seconds = build_demo_database()
    results["demo"] = demo | {"build_seconds": round(build_seconds, 1), "database": DB_NAME}
    manage(DB_NAME, "collectstatic", "--noinput", "-v0")
    samples = sample_paths(DB_NAME)
    results["demo"]["counts"] = samples["counts"]
    pages = scale_pages(samples)

    log("counting SQL queries per page")
    queries = count_queries(DB_NAME, [path for path, _n in pages.values()])

    server = start_gunicorn(DB_NAME)
    try:
        for path, _n in pages.values():  # warm caches and connections
            if "export" not in path:
                fetch(server.port, path)
        page_results = run_pages(
            server, pages, exports=("csv_all", "json_all", "xlsx_10k", "xlsx_100k")
        )
        load = {}
        if not env_flag("BENCH_SKIP_LOAD"):
            for clients in (4, 32):
                load[str(clients)] = run_load(server, samples, clients)
        timeouts = server.log_text().count("WORKER TIMEOUT")
    finally:
        server.stop()
    results["scale"] = {
        "pages": page_results,
        "queries": queries,
        "load": load,
        "worker_timeouts": timeouts,
    }

    if not env_flag("BENCH_SKIP_DATASETTE"):
        results["datasette"] = run_datasette(samples)

    if not env_flag("BENCH_SKIP_REAL"):
        log("real size: curated content only")
        build_real_database()
        real_samples = sample_paths(REAL_DB_NAME)
        real_pages = real_size_pages(real_samples)
        real_queries = count_queries(REAL_DB_NAME, [p for p, _n in real_pages.values()])
        server = start_gunicorn(REAL_DB_NAME)
        try:
            for path, _n in real_pages.values():
                fetch(server.port, path)
            results["real"] = {
                "pages": run_pages(server, real_pages),
                "queries": real_queries,
                "counts": real_samples["counts"],
            }
        finally:
            server.stop()

    results["targets"] = evaluate(results)
    results["finished_at"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    results["runtime_seconds"] = round(time.monotonic() - started, 1)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(results)
    log(f"done in {results['runtime_seconds']} s; wrote bench/results/latest.json")


if __name__ == "__main__":
    if not shutil.which("pg_isready"):
        raise SystemExit("pg_isready not found: the benchmark needs a local PostgreSQL")
    main()
