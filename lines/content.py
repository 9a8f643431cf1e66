"""Load the curated lines (content/lines.toml) idempotently, each change a revision."""

import tomllib
from pathlib import Path

import reversion
from django.conf import settings
from django.db import transaction

from lines.models import Line, Membership, RejectedPair
from practices.models import Practice

LINES_FILE = Path(settings.BASE_DIR) / "content" / "lines.toml"


class LinesError(ValueError):
    """The lines file names an unknown entry, kind or a second line for one entry."""


def load_lines(path=LINES_FILE):
    """Create or update the file's lines, entries and rejected pairs; return (lines, entries)."""
    if not path.exists():
        return 0, 0
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    items = data.get("lines", [])
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
        for pair in data.get("rejected", []):
            _load_rejected(pair)
    return len(items), entries


def _practice(slug):
    practice = Practice.objects.filter(slug=slug).first()
    if practice is None:
        raise LinesError(f"lines.toml: unknown practice {slug!r}")
    return practice


def _load_entry(line, entry):
    practice = _practice(entry["practice"])
    if entry["kind"] not in Membership.Kind.values:
        raise LinesError(f"lines.toml: unknown kind {entry['kind']!r}")
    other = Membership.objects.filter(practice=practice).exclude(line=line).first()
    if other is not None:
        raise LinesError(f"lines.toml: {practice.slug} is already in line {other.line.slug!r}")
    Membership.objects.update_or_create(
        practice=practice,
        defaults={"line": line, "kind": entry["kind"], "reason": entry["reason"]},
    )


def _load_rejected(pair):
    first, second = sorted((_practice(pair["a"]), _practice(pair["b"])), key=lambda p: p.pk)
    RejectedPair.objects.update_or_create(
        first=first, second=second, defaults={"reason": pair["reason"][:300]}
    )
