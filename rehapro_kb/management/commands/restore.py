from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rehapro_kb.backups import forget_logins, restore_json, restore_media, restore_native
from rehapro_kb.page_cache import content_changed


class Command(BaseCommand):
    help = (
        "Restore a backup folder written by `manage.py backup` (replaces all data and puts "
        "the uploaded files back; everyone has to log in again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_dir")
        parser.add_argument(
            "--json",
            action="store_true",
            help="load the portable data.json instead of the database copy",
        )
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, backup_dir, json=False, yes=False, **options):
        if not Path(backup_dir).is_dir():
            raise CommandError(f"{backup_dir} is not a backup folder")
        if not yes and input("All current data will be replaced. Type 'ja' to go on: ") != "ja":
            raise CommandError("Restore cancelled.")
        (restore_json if json else restore_native)(backup_dir)
        files = restore_media(backup_dir)
        forget_logins()
        # The restored rows arrived without the ORM's signals: cached pages are obsolete.
        content_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {backup_dir} ({files} uploaded files); all sessions ended."
            )
        )
