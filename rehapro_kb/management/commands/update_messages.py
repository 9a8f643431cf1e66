"""Collect the public interface's strings into locale/en and compile the catalogue."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from rehapro_kb.translations import IGNORE_PATTERNS, LOCALE


class Command(BaseCommand):
    help = "Update locale/en/LC_MESSAGES/django.po from templates and code, then compile it."

    def handle(self, *args, **options):
        call_command(
            "makemessages",
            locale=[LOCALE],
            ignore_patterns=IGNORE_PATTERNS,
            no_obsolete=True,
            add_location="file",
            verbosity=options["verbosity"],
        )
        call_command("compilemessages", locale=[LOCALE], ignore_patterns=[".venv*"])
