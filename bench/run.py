"""`make bench`: measure the public site at 100k practices on PostgreSQL, against Datasette.

Steps: install the pinned tools, build (or reuse) the demo database, serve it with gunicorn
as deployed, time each page sequentially, count SQL queries, sample worker memory during
exports, run a mixed load with locust, serve the same rows with Datasette for comparison,
and time the real-size site (curated content only). Prints a table and writes
bench/results/latest.json. Options are environment variables, see bench/README.md.

The parts, in the order they run: config.py (options), databases.py, servers.py,
timing.py, scenarios.py (what is measured), report.py (targets and the table).
"""

import datetime
import json
import shutil
import time

from config import (
    DB_NAME,
    EXPORT_REPEATS,
    LOAD_SECONDS,
    REPEATS,
    RESULTS,
    SEARCH_TERM,
    WORK,
    env_flag,
    log,
)
from databases import build_demo_database, ensure_postgres, install_tools, manage
from report import evaluate, machine_info, print_table
from scenarios import run_datasette, run_real, run_scale, sample_paths
from two_servers import run_two_servers


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
    results["scale"] = run_scale(samples)
    if not env_flag("BENCH_SKIP_TWO_SERVERS"):
        paths = ["/", "/praxis/", "/praxis/?kategorie=finanzierung&status=umgesetzt"]
        paths += [samples["forum"], "/huerden/", "/projekte/"]
        results["two_servers"] = run_two_servers(DB_NAME, samples["detail"].split("/")[2], paths)
    if not env_flag("BENCH_SKIP_DATASETTE"):
        results["datasette"] = run_datasette(samples)
    if not env_flag("BENCH_SKIP_REAL"):
        results["real"] = run_real()

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
