"""Time the full exports of two checkouts in one run, next to Datasette's streamed CSV.

    BENCH_DB=rehapro_bench_fx .venv/bin/python bench/export_compare.py /path/to/baseline \
        [--repeats 5] [--datasette /path/to/venv/bin/datasette]

Starts gunicorn as deployed (gthread 2x4) from this checkout ("new") and from the baseline
checkout ("base") on the same database (built by `make bench`), then times the CSV, JSON and
XLSX of all published rows round-robin (base, new, Datasette), so that the machine's load
falls on each alike. Prints medians, the ratios and the largest worker memory growth.
"""

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasette_db
from config import DB_NAME, PG_SERVER, ROOT, VENV_BIN, WORK, log
from databases import django_env
from servers import MemorySampler, free_port, wait_for
from timing import fetch

EXPORTS = {
    "csv": "/praxis/export.csv",
    "json": "/praxis/export.json",
    "xlsx": "/praxis/export.xlsx",
}
DATASETTE_CSV = "/bench/practices.csv?_stream=on&_size=max"


class Process:
    """A server started in a given directory; stopped with its process group."""

    def __init__(self, name, command, cwd, env, port, ready_path):
        self.name, self.port = name, port
        self.log_file = open(WORK / f"compare-{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=self.log_file, stderr=subprocess.STDOUT
        )
        wait_for(self.port, ready_path, timeout=120)

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()] if children.exists() else []
        return pids or [self.process.pid]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


def gunicorn(name, checkout):
    port = free_port()
    command = [str(VENV_BIN / "gunicorn"), "rehapro_kb.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--worker-class", "gthread", "--workers", "2", "--threads", "4"]
    command += ["--timeout", "120"]
    ready = "/praxis/export.csv?q=zzzkeintreffer"  # no static files needed
    return Process(name, command, checkout, django_env(DB_NAME), port, ready)


def datasette(binary):
    target = WORK / "bench.db"
    log("exporting the published practices to SQLite for Datasette")
    datasette_db.build(f"{PG_SERVER}/{DB_NAME}", target)
    port = free_port()
    command = [binary, "serve", "-i", str(target), "--port", str(port)]
    command += ["--setting", "max_csv_mb", "0", "--setting", "sql_time_limit_ms", "30000"]
    return Process("datasette", command, ROOT, dict(os.environ), port, "/-/versions.json")


def timed(server, path, warm_up):
    if warm_up:
        fetch(server.port, path)
    sampler = MemorySampler(server.worker_pids())
    sampler.start()
    status, size, seconds, _conn = fetch(server.port, path)
    memory = sampler.stop()
    if status != 200:
        raise SystemExit(f"{server.name} {path}: HTTP {status}")
    return seconds, size, memory["growth_mb"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("baseline", help="checkout of the code to compare against")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--datasette", default=str(VENV_BIN / "datasette"))
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    servers = {"base": gunicorn("base", args.baseline), "new": gunicorn("new", ROOT)}
    servers["datasette"] = datasette(args.datasette)
    cases = [(name, fmt, path) for fmt, path in EXPORTS.items() for name in ("base", "new")]
    cases.append(("datasette", "csv", DATASETTE_CSV))
    results = {(name, fmt): [] for name, fmt, _path in cases}
    try:
        for round_number in range(args.repeats):
            log(f"round {round_number + 1} of {args.repeats}")
            for name, fmt, path in cases:
                warm_up = round_number == 0
                results[(name, fmt)].append(timed(servers[name], path, warm_up))
    finally:
        for server in servers.values():
            server.stop()
    datasette_csv = statistics.median(s for s, _b, _m in results[("datasette", "csv")])
    print(f"\n{args.repeats} rounds, medians; DB {DB_NAME}")
    print("| export | base s | new s | new/base | new/Datasette CSV | MB | growth MB base/new |")
    print("|---|---|---|---|---|---|---|")
    for fmt in EXPORTS:
        base = statistics.median(s for s, _b, _m in results[("base", fmt)])
        new = statistics.median(s for s, _b, _m in results[("new", fmt)])
        size = max(b for _s, b, _m in results[("new", fmt)]) / 1e6
        growth = [max(m for _s, _b, m in results[(n, fmt)]) for n in ("base", "new")]
        versus = f"{new / datasette_csv:.2f}x" if fmt == "csv" else "-"
        print(
            f"| {fmt} | {base:.2f} | {new:.2f} | {new / base:.2f}x | {versus} | {size:.0f} "
            f"| {growth[0]:.0f} / {growth[1]:.0f} |"
        )
    print(f"| Datasette CSV | {datasette_csv:.2f} | | | | | |")


if __name__ == "__main__":
    main()
