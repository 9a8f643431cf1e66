"""What is measured: the pages at scale, the mixed load, Datasette, the real size."""

import csv
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse

import datasette_db
from config import (
    BENCH,
    DB_NAME,
    EXPORT_REPEATS,
    LOAD_SECONDS,
    PG_SERVER,
    PY,
    REAL_DB_NAME,
    REPEATS,
    ROOT,
    SEARCH_TERM,
    VENV_BIN,
    WORK,
    env_flag,
    log,
)
from databases import build_real_database, django_env, pg
from servers import Server, free_port, start_gunicorn, start_uncached_gunicorn
from timing import count_queries, fetch, run_pages


def search_token(term):
    """Return the index token of one word (the app's own German normaliser, no Django)."""
    sys.path.insert(0, str(ROOT))
    from practices.search.german import stem

    return stem(term)


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
            "AND search_vector @@ to_tsquery('simple', %s)",
            [search_token(SEARCH_TERM)],
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
        # The site-wide search over every kind of document: a rare and a common word.
        "site_search_uncached": ("/suche/?" + search, REPEATS),
        "site_search_common_uncached": ("/suche/?" + q(q="Jobcenter"), REPEATS),
        "detail_uncached": (samples["detail"], REPEATS),
        "forum": (samples["forum"], EXPORT_REPEATS),
        "start": ("/", REPEATS),
        "csv_all": ("/praxis/export.csv", EXPORT_REPEATS),
        "json_all": ("/praxis/export.json", EXPORT_REPEATS),
        "xlsx_10k": ("/praxis/export.xlsx?" + q(kategorie="finanzierung"), EXPORT_REPEATS),
        "xlsx_100k": ("/praxis/export.xlsx", EXPORT_REPEATS),
        # The read API: 100 rows of a filtered list (never page-cached; ETag only).
        "api_list_100_filtered": (
            "/api/v1/practices?" + q(kategorie="finanzierung", status="umgesetzt", limit=100),
            REPEATS,
        ),
    }


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
        "site_search": "/suche/?" + q(q="Krankenkassen"),
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


def run_scale(samples):
    """Time the pages at scale with gunicorn, then the mixed load; count their queries."""
    pages = scale_pages(samples)

    log("counting SQL queries per page")
    queries = count_queries(DB_NAME, [path for path, _n in pages.values()])

    server = start_gunicorn(DB_NAME)
    cold_server = start_uncached_gunicorn(DB_NAME)
    try:
        for path, _n in pages.values():  # warm caches and connections
            if "export" not in path:
                fetch(server.port, path)
        page_results = run_pages(
            server,
            pages,
            exports=("csv_all", "json_all", "xlsx_10k", "xlsx_100k"),
            cold_server=cold_server,
        )
        load = {}
        if not env_flag("BENCH_SKIP_LOAD"):
            for clients in (4, 32):
                load[str(clients)] = run_load(server, samples, clients)
        timeouts = server.log_text().count("WORKER TIMEOUT")
    finally:
        server.stop()
        cold_server.stop()
    return {
        "pages": page_results,
        "queries": queries,
        "load": load,
        "worker_timeouts": timeouts,
    }


def search_relevance():
    """Recall and precision of the relevance set on the curated content (search_quality)."""
    done = subprocess.run(
        [PY, "manage.py", "search_quality"],
        cwd=ROOT,
        env=django_env(REAL_DB_NAME),
        capture_output=True,
        text=True,
        check=True,
    )
    log(done.stdout.strip())
    return done.stdout.strip().splitlines()


def run_real():
    """Time every page at real size: the curated content only."""
    log("real size: curated content only")
    build_real_database()
    real_samples = sample_paths(REAL_DB_NAME)
    real_pages = real_size_pages(real_samples)
    real_queries = count_queries(REAL_DB_NAME, [p for p, _n in real_pages.values()])
    server = start_gunicorn(REAL_DB_NAME)
    cold_server = start_uncached_gunicorn(REAL_DB_NAME)
    try:
        for path, _n in real_pages.values():
            fetch(server.port, path)
        return {
            "pages": run_pages(server, real_pages, cold_server=cold_server),
            "queries": real_queries,
            "counts": real_samples["counts"],
            "relevance": search_relevance(),
        }
    finally:
        server.stop()
        cold_server.stop()
