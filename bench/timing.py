"""Time requests one after another, and count each page's SQL queries."""

import http.client
import json
import statistics
import subprocess
import time

from config import BENCH, PY, ROOT, log
from databases import django_env
from servers import MemorySampler


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


def run_pages(server, pages, exports=(), cold_server=None):
    """Time the pages; the `_uncached` ones on `cold_server` (the page cache off) if given."""
    results = {}
    for name, (path, repeats) in pages.items():
        log(f"timing {name}: {path} x{repeats}")
        cold = name.endswith("_uncached")
        results[name] = measure(
            (cold_server if cold and cold_server else server).port,
            path,
            repeats,
            server if name in exports else None,
            cold=cold,
        )
        log(f"  p50 {results[name]['p50_ms']} ms, p95 {results[name]['p95_ms']} ms")
    return results


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
