"""Median time of the site-wide search (/suche/) for a rare and a common word, uncached.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rehapro_bench DJANGO_SECRET_KEY=x \
    DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false \
    .venv/bin/python bench/site_search_p50.py [--repeats 9] [URL ...]

In-process (Django's test client, no server), the page cache off and a fresh ignored
parameter per request: what one request costs the app and the database. Run it from the
project root whose code is to be timed (the root is taken from the working directory, so
two checkouts can be compared against one database in the same session).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehapro_kb.settings")
os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"

DEFAULT_URLS = ["/suche/?q=Resilienztraining", "/suche/?q=Jobcenter"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="*", default=DEFAULT_URLS)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for url in args.urls:
        client.get(url + "&frisch=warm")
        times, queries = [], 0
        for n in range(args.repeats):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(f"{url}&frisch={n}")
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            queries = len(captured)
        print(
            f"{url}: p50 {statistics.median(times):.1f} ms, min {min(times):.1f}, "
            f"max {max(times):.1f} ({args.repeats} requests, {queries} queries)"
        )


if __name__ == "__main__":
    main()
