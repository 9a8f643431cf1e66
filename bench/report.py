"""The results: machine, targets met or missed, the printed table."""

import contextlib
import os
import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from config import LOAD_SECONDS
from databases import pg


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


# Where each target's figure is found in the results.


def page(name, figure="p50_ms"):
    return lambda results: results["scale"]["pages"][name][figure]


def vs_datasette(name, peer_name=None):
    """Return our median over Datasette's (which is timed once, so uncached has a peer_name)."""

    def ratio(results):
        ours = results["scale"]["pages"][name]["p50_ms"]
        return round(ours / results["datasette"][peer_name or name]["p50_ms"], 2)

    return ratio


def memory_growth(name):
    return lambda results: results["scale"]["pages"][name]["memory"]["growth_mb"]


def most_queries(results):
    return max(v["queries"] for v in results["scale"]["queries"].values())


def xlsx_failures(results):
    return results["scale"]["pages"]["xlsx_100k"]["errors"] + results["scale"]["worker_timeouts"]


def load_32(figure):
    return lambda results: results["scale"]["load"]["32"][figure]


def worst_real_page(cold):
    """Return the slowest real-size HTML page's p50 and its name, cached or uncached."""

    def worst(results):
        html = {
            k: v
            for k, v in results["real"]["pages"].items()
            if "export" not in v["path"] and k.endswith("_uncached") == cold
        }
        name, figures = max(html.items(), key=lambda item: item[1]["p50_ms"])
        return figures["p50_ms"], name

    return worst


def always(results):
    return True


def has_datasette(results):
    return bool(results.get("datasette"))


def has_load_32(results):
    return bool(results["scale"].get("load", {}).get("32"))


def has_real(results):
    return bool(results.get("real"))


def has_two_servers(results):
    return bool(results.get("two_servers"))


def two_server_failures(results):
    run = results["two_servers"]
    return run["errors"] + run["stale_after_publish"]


@dataclass(frozen=True)
class Target:
    label: str  # "{worst}" is replaced by the name of the worst page, where there is one
    value: Callable  # results -> figure, or (figure, worst page)
    limit: float
    unit: str = "ms"
    applies: Callable = always  # results -> whether the part it needs was run


# The targets of bench/README.md, in the order they are reported.
TARGETS = (
    Target("search + 2 filters + facets p50", page("search_filters_facets"), 50),
    Target("search + 2 filters + facets p95", page("search_filters_facets", "p95_ms"), 100),
    Target(
        "search + facets vs Datasette (ratio)",
        vs_datasette("search_filters_facets"),
        0.4,
        "x",
        applies=has_datasette,
    ),
    Target("search + 2 filters + facets p50, uncached", page("search_filters_facets_uncached"), 50),
    Target(
        "search + facets uncached vs Datasette",
        vs_datasette("search_filters_facets_uncached", "search_filters_facets"),
        0.4,
        "x",
        applies=has_datasette,
    ),
    Target("site-wide search p50, uncached", page("site_search_uncached"), 100),
    Target("site-wide search, common word p50", page("site_search_common_uncached"), 100),
    Target("list default p50", page("list_default"), 25),
    Target("list default p50, uncached", page("list_default_uncached"), 25),
    Target("detail p50", page("detail"), 15),
    # Each limit is the stricter of issue 7's and issue 21's.
    Target("detail p50, uncached", page("detail_uncached"), 10),
    Target("SQL queries per page (max)", most_queries, 10, "queries"),
    Target("CSV all p50", page("csv_all"), 1500),
    Target(
        "CSV all vs Datasette (ratio)", vs_datasette("csv_all"), 0.4, "x", applies=has_datasette
    ),
    Target("CSV memory growth", memory_growth("csv_all"), 50, "MB"),
    Target("JSON all p50", page("json_all"), 1500),
    Target("JSON memory growth", memory_growth("json_all"), 50, "MB"),
    Target("XLSX 100k p50", page("xlsx_100k"), 5000),
    Target("XLSX 100k errors / worker timeouts", xlsx_failures, 0, ""),
    Target("32 clients: errors", load_32("errors"), 0, "", applies=has_load_32),
    Target("32 clients: p95", load_32("p95_ms"), 300, "ms", applies=has_load_32),
    Target(
        "two servers: errors + stale pages after a publish",
        two_server_failures,
        0,
        "",
        applies=has_two_servers,
    ),
    Target(
        "real size: every page p50 (worst: {worst})",
        worst_real_page(False),
        15,
        "ms",
        applies=has_real,
    ),
    Target(
        "real size: every page p50, uncached (worst: {worst})",
        worst_real_page(True),
        15,
        "ms",
        applies=has_real,
    ),
)


def evaluate(results):
    """Check every target that applies to this run: value, limit, met or missed."""
    checks = []
    for target in TARGETS:
        if not target.applies(results):
            continue
        value, worst = target.value(results), None
        if isinstance(value, tuple):
            value, worst = value
        checks.append(
            {
                "target": target.label.format(worst=worst),
                "value": value,
                "limit": target.limit,
                "unit": target.unit,
                "met": value is not None and value <= target.limit,
            }
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
    two = results.get("two_servers")
    if two:
        lines.append(
            f"two servers (one Redis): {two['errors']} errors, {two['stale_after_publish']} "
            f"stale after a publish / {two['requests']} requests in {two['seconds']} s"
        )
    real = results.get("real")
    if real:
        lines.append("== real size (curated content) ==")
        for name, page in real["pages"].items():
            queries = real["queries"].get(page["path"], {}).get("queries", "")
            lines.append(f"{name:<24}{page['p50_ms']:>10}{page['p95_ms']:>10}{queries!s:>9}")
        lines += ["== search relevance (manage.py search_quality) ==", *real.get("relevance", [])]
    lines.append("== targets ==")
    for item in results["targets"]:
        mark = "met   " if item["met"] else "MISSED"
        lines.append(
            f"{mark} {item['target']:<48} {item['value']} {item['unit']} (<= {item['limit']})"
        )
    print("\n".join(lines), flush=True)
