"""Where does a page's time go? SQL (EXPLAIN ANALYZE of each query) vs Python vs template.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rehapro_bench DJANGO_SECRET_KEY=x \
    DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false \
    .venv/bin/python bench/profile_page.py '/praxis/?q=Resilienztraining' --explain --profile

Prints the wall time of the request, each query's time as seen by Django, and with
--explain the plan of the slowest queries; with --profile a pyinstrument call tree.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehapro_kb.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=4)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")

    def get():
        response = client.get(args.url)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        return response

    get()  # warm up
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = get()
        wall = (time.perf_counter() - started) * 1000
    sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    print(
        f"{args.url}: status {response.status_code}, {wall:.1f} ms wall, "
        f"{len(captured)} queries, {sql_ms:.1f} ms in SQL, {wall - sql_ms:.1f} ms Python"
    )
    ranked = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    for query in ranked:
        print(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:160]}")
    if args.explain:
        with connection.cursor() as cursor:
            for query in ranked[: args.top]:
                print("\n" + "=" * 100 + "\n" + query["sql"][:3000])
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        get()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
