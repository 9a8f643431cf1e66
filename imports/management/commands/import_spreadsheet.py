"""Import practices from a CSV or XLSX spreadsheet with the export's columns."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from imports.spreadsheet.apply import apply_plan
from imports.spreadsheet.plan import ERROR, NEW, UNCHANGED, UPDATE, build_plan
from imports.spreadsheet.read import SpreadsheetError, check_size, read_spreadsheet


class Command(BaseCommand):
    help = _(
        "Liest eine Tabelle (CSV oder XLSX, Spalten wie im Export), zeigt, was sich ändern "
        "würde, und importiert sie ganz oder gar nicht."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("CSV- oder XLSX-Datei"))
        parser.add_argument("--dry-run", action="store_true", help=_("nur prüfen, nichts ändern"))
        parser.add_argument(
            "--user",
            help=_(
                "mit den Rechten dieses Benutzerkontos importieren (Standard: alle Rechte, "
                "ohne Person in der Historie)"
            ),
        )

    def handle(self, *args, file, dry_run, user, **options):
        account = self._user(user)
        path = Path(file)
        try:
            check_size(path.stat().st_size)
            sheet = read_spreadsheet(path.read_bytes())
        except OSError as error:
            raise CommandError(
                _("Die Datei %(file)s kann nicht gelesen werden: %(error)s")
                % {"file": file, "error": error.strerror or error}
            ) from None
        except SpreadsheetError as error:
            raise CommandError(f"{file}: {error}") from None
        plan = build_plan(sheet, account, path.name)
        for message in plan.warnings:
            self.stdout.write(self.style.WARNING(message))
        for row in plan.rows:
            if row.action in (NEW, UPDATE):
                changes = ", ".join(row.change_labels)
                self.stdout.write(f"{row.number:>6}  {row.action_label:<11} {row.title} {changes}")
            for note in row.notes:
                self.stdout.write(f"{'':>6}  {note}")
        summary = _("%(new)s neu, %(update)s geändert, %(unchanged)s unverändert, %(error)s Fehler")
        counts = {name: plan.count(name) for name in (NEW, UPDATE, UNCHANGED, ERROR)}
        self.stdout.write(summary % counts)
        if plan.has_errors:
            for message in plan.errors:
                self.stderr.write(message)
            raise CommandError(_("Nichts importiert: die Tabelle hat Fehler."))
        if dry_run or not plan.has_changes:
            self.stdout.write(_("Nichts geändert (Testlauf oder keine Änderungen)."))
            return
        batch = apply_plan(plan, account)
        self.stdout.write(self.style.SUCCESS(_("Import #%(id)s gespeichert.") % {"id": batch.pk}))

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(
                _("Unbekanntes Benutzerkonto „%(name)s“.") % {"name": username}
            ) from None
