"""Load the curated lines (content/lines.toml) idempotently, each change a revision."""

import tomllib
from pathlib import Path

import reversion
from django.conf import settings
from django.db import transaction

from lines.models import Line, Membership
from practices.models import Practice

LINES_FILE = Path(settings.BASE_DIR) / "content" / "lines.toml"


class LinesError(ValueError):
    """The lines file names an unknown entry, kind or a second line for one entry."""


def load_lines(path=LINES_FILE):
    """Create or update the file's lines and their entries; return (lines, entries) counts."""
    if not path.exists():
        return 0, 0
    with open(path, "rb") as handle:
        items = tomllib.load(handle).get("lines", [])
    entries = 0
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment(f"Aus {path.name} geladen")
        for item in items:
            line, _created = Line.objects.update_or_create(
                slug=item["slug"],
                defaults={"title": item["title"], "summary": item.get("summary", "")},
            )
            for entry in item["entries"]:
                _load_entry(line, entry)
                entries += 1
    return len(items), entries


def _load_entry(line, entry):
    practice = Practice.objects.filter(slug=entry["practice"]).first()
    if practice is None:
        raise LinesError(f"lines.toml: unknown practice {entry['practice']!r}")
    if entry["kind"] not in Membership.Kind.values:
        raise LinesError(f"lines.toml: unknown kind {entry['kind']!r}")
    other = Membership.objects.filter(practice=practice).exclude(line=line).first()
    if other is not None:
        raise LinesError(f"lines.toml: {practice.slug} is already in line {other.line.slug!r}")
    Membership.objects.update_or_create(
        practice=practice,
        defaults={"line": line, "kind": entry["kind"], "reason": entry["reason"]},
    )
