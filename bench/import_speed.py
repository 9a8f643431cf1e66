"""Time a 5,000-row spreadsheet import from preview to done, and its undo.

    .venv/bin/python bench/import_speed.py     # a fresh SQLite file in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kb_bench_import \
        .venv/bin/python bench/import_speed.py

The database is migrated and filled with the curated forum content first; the file has
new practices with hurdles, a project and tags (the shape of an edited export). Pass
--profile to print the 25 most expensive functions of the confirm step.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="rehapro-import-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-012345")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehapro_kb.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    call_command("load_forum_content", verbosity=0)
    from forums.models import Forum
    from imports.models import ImportBatch
    from imports.spreadsheet.apply import apply_plan
    from imports.spreadsheet.plan import build_plan
    from imports.spreadsheet.read import read_spreadsheet
    from imports.undo import undo_batch
    from practices.models import Practice, Project

    forum = Forum.objects.order_by("date").first()
    project = Project.objects.order_by("pk").first()
    data = _csv(args.rows, forum, project)
    before = Practice.objects.count()
    print(f"database: {connection.vendor}, {before} practices, file: {len(data):,} bytes")

    started = time.perf_counter()
    plan = build_plan(read_spreadsheet(data), None, "bench.csv")
    preview = time.perf_counter() - started
    assert not plan.has_errors, plan.errors[:3]

    profiler = cProfile.Profile() if args.profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    with transaction.atomic():
        plan = build_plan(read_spreadsheet(data), None, "bench.csv")
        batch = apply_plan(plan, None)
    if profiler:
        profiler.disable()
    confirm = time.perf_counter() - started
    assert Practice.objects.count() == before + args.rows

    print(f"preview {preview:.1f} s, confirm {confirm:.1f} s, total {preview + confirm:.1f} s")
    sys.stdout.flush()
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("bench-admin", password="x" * 20)
    started = time.perf_counter()
    undo_batch(ImportBatch.objects.get(pk=batch.pk), admin)
    undo = time.perf_counter() - started
    assert Practice.objects.count() == before
    print(f"undo {undo:.1f} s")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue())


def _csv(rows, forum, project):
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            *("Titel", "Beschreibung", "Kategorie", "Status", "Aspekt", "Hürden", "Forum"),
            *("Projekte", "Schlagworte"),
        ]
    )
    for number in range(rows):
        writer.writerow(
            [
                f"Lotsendienst für Übergänge Nr. {number}",
                f"Beschreibung der Praxis {number}: Fallbesprechungen mit dem Jobcenter.",
                "Angebote & Träger",
                "umgesetzt" if number % 2 else "geplant",
                "Kontaktdichte",
                f"Personalwechsel {number} | Datenschutz",
                forum.title,
                project.short_name if project else "",
                "Netzwerk | Teilhabe",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


if __name__ == "__main__":
    main()
