"""The benchmark's tools and PostgreSQL databases: install, start, create, fill."""

import hashlib
import json
import os
import subprocess
import time

from config import (
    DB_NAME,
    PG_SERVER,
    PRACTICES,
    PY,
    REAL_DB_NAME,
    ROOT,
    SECRET,
    SEED,
    env_flag,
    log,
)


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
        # The benchmark is one client asking many times: the API's rate limit would answer 429.
        DJANGO_API_RATE="off",
        # The export rows time the streamed file; above 10,000 rows the site would answer
        # with a background job's progress page (bench/export_job_speed.py times that).
        DJANGO_EXPORT_TASK_ROWS="100000000",
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
