"""Import a forum documentation (plain text or Markdown) as draft practices."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from forums.models import Forum
from imports.forum_text.create import create_drafts
from imports.forum_text.parser import parse
from imports.text_files import UnreadableText, decode_text
from practices.models import Practice

COLUMNS = ((_("Zeile"), 7), (_("Kategorie"), 22), (_("Status"), 9), (_("Aspekt"), 24))


def _cell(text, width):
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


class Command(BaseCommand):
    help = _(
        "Liest eine Forumsdokumentation (Text oder Markdown), zeigt die vorgeschlagenen "
        "Praxisbeispiele und legt sie als Entwürfe an."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Textdatei (.txt oder .md)"))
        parser.add_argument("--forum", required=True, help=_("Kurzname (slug) des Fachforums"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("nur anzeigen, nichts anlegen")
        )
        parser.add_argument(
            "--encoding", help=_("Zeichenkodierung (Standard: UTF-8, sonst Windows-1252)")
        )

    def handle(self, *args, file, forum, dry_run, encoding, **options):
        forum_obj = Forum.objects.filter(slug=forum).first()
        if forum_obj is None:
            known = ", ".join(Forum.objects.values_list("slug", flat=True)) or "–"
            raise CommandError(
                _("Unbekanntes Fachforum „%(slug)s“. Vorhanden: %(known)s")
                % {"slug": forum, "known": known}
            )
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Die Datei %(file)s kann nicht gelesen werden: %(error)s")
                % {"file": file, "error": error.strerror or error}
            ) from None
        try:
            text = decode_text(data, encoding)
        except UnreadableText as error:
            raise CommandError(f"{file}: {error}") from None

        proposal = parse(text)
        self.print_proposal(proposal)
        if not proposal.practices:
            raise CommandError(_("In der Datei wurde kein Praxisbeispiel erkannt."))
        if dry_run:
            self.stdout.write(_("Probelauf: nichts angelegt."))
            return
        batch = create_drafts(
            proposal.practices, forum=forum_obj, source_name=path.name, unplaced=proposal.unplaced
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s Entwürfe angelegt (Import Nr. %(id)s, Fachforum %(forum)s).")
                % {"count": batch.created_count, "id": batch.pk, "forum": forum_obj.slug}
            )
        )

    def print_proposal(self, proposal):
        write = self.stdout.write
        header = "  ".join(_cell(name, width).ljust(width) for name, width in COLUMNS)
        write(f"{header}  {_('Titel')} [{_('Hürden')}]")
        for row in proposal.practices:
            values = (
                row.line_label,
                Practice.Category(row.category).label,
                Practice.Status(row.status).label,
                row.aspect or "–",
            )
            cells = "  ".join(
                _cell(value, width).ljust(width)
                for value, (_name, width) in zip(values, COLUMNS, strict=True)
            )
            write(f"{cells}  {row.title} [{len(row.hurdles)}]")
        write(_("%(count)s Praxisbeispiele vorgeschlagen.") % {"count": len(proposal.practices)})
        for note in proposal.notes:
            write(self.style.WARNING(note))
        if proposal.unplaced:
            write(
                self.style.WARNING(
                    _("%(count)s Zeilen nicht zugeordnet:") % {"count": len(proposal.unplaced)}
                )
            )
            for line in proposal.unplaced:
                write(f"  {_('Zeile')} {line.number} ({line.reason}): {line.text}")
