"""The benchmark's paths and options (environment variables, see bench/README.md); its log."""

import os
import sys
import time
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


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)
