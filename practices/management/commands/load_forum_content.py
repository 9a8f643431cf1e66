from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lines.content import LinesError, load_lines
from practices.content import ContentError, load_content


class Command(BaseCommand):
    help = "Load the curated forum content from content/*.toml (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite entries that were edited in the admin since the last load.",
        )

    def handle(self, *args, force=False, **options):
        try:
            # One transaction: a broken lines file leaves the forum content unloaded too.
            with transaction.atomic():
                report = load_content(force=force)
                lines, entries = load_lines()
        except (ContentError, LinesError, KeyError, ValueError) as error:
            raise CommandError(f"Content not loaded, nothing changed: {error}") from error
        for bucket in ("created", "updated", "unchanged"):
            counts = getattr(report, bucket)
            if counts:
                summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
                self.stdout.write(f"{bucket}: {summary}")
        for entry in report.kept:
            self.stderr.write(
                self.style.WARNING(
                    f"kept: {entry} was changed in the admin since the last load "
                    "(use --force to overwrite)"
                )
            )
        for slug in report.archived:
            self.stdout.write(f"archived: practice {slug} is no longer in the content files")
        self.stdout.write(f"lines: {lines} lines, {entries} entries")
        self.stdout.write(self.style.SUCCESS("Forum content loaded."))
