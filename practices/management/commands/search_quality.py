"""manage.py search_quality: recall and precision of the search on the relevance set."""

from django.core.management.base import BaseCommand
from django.db import connection

from practices.search import relevance


class Command(BaseCommand):
    help = "Print mean recall and precision per query class of tests/search/relevance.toml."

    def add_arguments(self, parser):
        parser.add_argument("--verbose-misses", action="store_true", help="List each miss.")

    def handle(self, *args, verbose_misses=False, **options):
        outcomes = relevance.evaluate()
        self.stdout.write(relevance.format_summary(outcomes, connection.vendor))
        if verbose_misses:
            for o in outcomes:
                if o.recall < 1 or o.precision < 1:
                    self.stdout.write(
                        f"{o.kind:<12} {o.query!r}: recall {o.recall:.2f} "
                        f"precision {o.precision:.2f} missing {o.missing[:5]} "
                        f"unexpected {o.unexpected[:5]}"
                    )
