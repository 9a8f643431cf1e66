"""Delete large-export files past their time (each export also schedules this on the worker)."""

from django.core.management.base import BaseCommand

from practices.export_jobs import remove_expired


class Command(BaseCommand):
    help = "Löscht abgelaufene Exportdateien großer Exporte."

    def handle(self, *args, **options):
        removed = remove_expired()
        self.stdout.write(f"{removed} abgelaufene Exportdatei(en) gelöscht.")
