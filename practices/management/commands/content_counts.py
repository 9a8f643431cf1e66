"""Print how many published entries there are per forum × category × status × type."""

from django.core.management.base import BaseCommand
from django.db.models import Count

from practices.models import Practice


class Command(BaseCommand):
    help = "Zählt veröffentlichte Einträge je Forum × Kategorie × Status × Eintragsart."

    def handle(self, *args, **options):
        fields = ["forum__slug", "category", "status"]
        has_type = any(f.name == "entry_type" for f in Practice._meta.get_fields())
        if has_type:
            fields.append("entry_type")
        rows = (
            Practice.objects.published().order_by(*fields).values(*fields).annotate(n=Count("pk"))
        )
        total = 0
        for row in rows:
            total += row["n"]
            self.stdout.write("\t".join(str(row[f]) for f in fields) + f"\t{row['n']}")
        self.stdout.write(f"total\t{total}")
