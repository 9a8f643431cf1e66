from django.core.management.base import BaseCommand

from rehapro_kb.backups import create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc or SQLite backup API), a portable JSON dump and "
        "the uploaded files, readable only by the user running it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default="backups", help="folder for backups (default: backups)"
        )

    def handle(self, *args, dir, **options):
        target = create_backup(dir)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
