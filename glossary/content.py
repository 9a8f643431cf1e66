"""Load the seed glossary (content/glossary.toml) through the forum content loader."""

import tomllib

import reversion
from django.utils.translation import gettext as _

from glossary.models import Term

FIELDS = ("short", "long", "variants", "explanation", "is_public")


class GlossaryError(ValueError):
    """The glossary file is inconsistent."""


def read_terms(path):
    """Read and check content/glossary.toml; return the wanted field values by slug."""
    if not path.exists():
        return {}
    with open(path, "rb") as handle:
        entries = tomllib.load(handle).get("terms", [])
    wanted, shorts = {}, set()
    for entry in entries:
        slug, short = entry["slug"], entry["short"]
        if slug in wanted or short in shorts:
            raise GlossaryError(f"duplicate glossary term {slug!r} / {short!r}")
        shorts.add(short)
        wanted[slug] = {
            "short": short,
            "long": entry.get("long", ""),
            "variants": "\n".join(entry.get("variants", [])),
            "explanation": entry["explanation"].strip(),
            "is_public": bool(entry.get("is_public", True)),
        }
    return wanted


def snapshot(term):
    return {name: getattr(term, name) for name in FIELDS}


def load_terms(loader, path):
    """Create or update each seed term unless researchers changed it since the last load."""
    existing = {t.slug: t for t in Term.objects.all()}
    for slug, wanted in read_terms(path).items():

        def write(term, slug=slug, wanted=wanted):
            term = term or Term(slug=slug)
            for name, value in wanted.items():
                setattr(term, name, value)
            term.full_clean()
            # A history entry of the seed text, so a researcher's edit can be undone.
            with reversion.create_revision():
                term.save()
                reversion.set_comment(_("Aus Glossardatei geladen"))
            return term

        loader.sync("glossary", slug, existing.get(slug), wanted, snapshot, write)
