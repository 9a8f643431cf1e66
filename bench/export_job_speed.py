"""Time a large XLSX export built by its background job against the streamed export.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rehapro_bench_bg \\
        .venv/bin/python bench/export_job_speed.py [--format xlsx] [--runs 3]

Uses a filled benchmark database (bench/run.py makes one); migrates it first. The job runs
with the immediate task backend (in this process), as the worker would run it.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", default="xlsx", choices=["csv", "json", "xlsx"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-012345")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="rehapro-export-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehapro_kb.settings")
    os.environ["DJANGO_TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command
    from django.test import RequestFactory

    call_command("migrate", verbosity=0)
    from jobs.models import ExportFile
    from practices.export_job_views import large_export
    from practices.exporter import PracticeExporter
    from practices.models import Practice

    print(f"{Practice.objects.published().count():,} published practices")
    factory = RequestFactory()
    streamed, by_job, sizes = [], [], []
    for _run in range(args.runs):
        request = factory.get(f"/praxis/export.{args.format}", HTTP_HOST="bench.local")
        started = time.perf_counter()
        response = PracticeExporter.for_list(request).response(args.format)
        size = sum(len(chunk) for chunk in response.streaming_content)
        streamed.append(time.perf_counter() - started)
        ExportFile.objects.all().delete()  # a fresh job each run, not the reused one
        started = time.perf_counter()
        redirect = large_export(request, args.format)
        by_job.append(time.perf_counter() - started)
        export = ExportFile.objects.get(token=redirect.url.rstrip("/").split("/")[-1])
        assert export.job.state == "succeeded", export.job.message
        sizes.append((size, export.size))
    print(f"sizes (streamed, job): {sizes[-1]}")
    print(
        f"{args.format}: streamed median {statistics.median(streamed):.1f} s, "
        f"by job median {statistics.median(by_job):.1f} s "
        f"(ratio {statistics.median(by_job) / statistics.median(streamed):.2f}), "
        f"runs {[round(t, 1) for t in streamed]} / {[round(t, 1) for t in by_job]}"
    )
    from practices.export_jobs import remove_expired

    ExportFile.objects.update(expires_at=django.utils.timezone.now())
    remove_expired()


if __name__ == "__main__":
    main()
