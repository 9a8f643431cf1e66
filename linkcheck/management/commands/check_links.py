"""`manage.py check_links`: collect the content's links, then check those due (or all)."""

from django.core.management.base import BaseCommand

from linkcheck.models import Link
from linkcheck.run import check_due
from linkcheck.sources import collect_links


class Command(BaseCommand):
    help = "Prüft externe Links: die fälligen (wöchentlich je Link) oder mit --all alle."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Alle Links prüfen.")
        parser.add_argument("--limit", type=int, default=None, help="Höchstens so viele.")
        parser.add_argument(
            "--no-collect", action="store_true", help="Links nicht erst aus den Inhalten sammeln."
        )

    def handle(self, *args, **options):
        if not options["no_collect"]:
            added, removed = collect_links()
            self.stdout.write(f"Fundstellen: {added} neu, {removed} entfernt.")
        states = check_due(all_links=options["all"], limit=options["limit"])
        checked = sum(states.values())
        labels = dict(Link.State.choices)
        summary = ", ".join(f"{labels[s]}: {n}" for s, n in sorted(states.items()))
        self.stdout.write(f"Geprüft: {checked} Links. {summary}")
        total = Link.objects.count()
        broken = Link.objects.broken().count()
        self.stdout.write(f"Links insgesamt: {total}, davon defekt: {broken}.")
