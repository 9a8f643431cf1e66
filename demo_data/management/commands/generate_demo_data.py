import time

from django.core.management.base import BaseCommand, CommandError

from demo_data.generator import RealContentError, generate


class Command(BaseCommand):
    help = (
        "Fill the configured database with deterministic synthetic forums, projects and "
        "practices (for benchmarks). Replaces earlier demo data; refuses next to real content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--practices", type=int, required=True, help="How many practices.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--forums", type=int, default=None, help="Forums (default: one per 5,000, 2 to 20)."
        )
        parser.add_argument(
            "--projects", type=int, default=None, help="Projects (default: one per 300, up to 300)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add demo data even though the database holds real content.",
        )

    def handle(self, *args, practices, seed, forums, projects, force, **options):
        if practices < 1:
            raise CommandError("--practices must be at least 1.")
        started = time.monotonic()
        try:
            summary = generate(practices, seed, force=force, forums=forums, projects=projects)
        except RealContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{summary.practices} practices ({summary.counts_by_state}), {summary.forums} forums, "
            f"{summary.thementische} Thementische, {summary.projects} projects, "
            f"{summary.tags} tags, {summary.tag_links} tag links, {summary.hurdles} hurdles, "
            f"{summary.attributions} project attributions"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo data generated in {time.monotonic() - started:.1f} s.")
        )
