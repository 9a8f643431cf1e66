"""Count the SQL queries each URL runs (Django test client), print them as JSON.

Run by bench/run.py in a subprocess with the benchmark's DATABASE_URL:
    python bench/count_queries.py /praxis/ /praxis/?q=x ...
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehapro_kb.settings")


def main(urls):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for url in urls:
        connection.close()  # each request starts like a fresh one: no cached connection state
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
            response.close()
        counts[url] = {"status": response.status_code, "queries": len(captured)}
    print(json.dumps(counts))


if __name__ == "__main__":
    main(sys.argv[1:])
