"""The public glossary as data for search and templates, cached per process and content version.

Saving or deleting a term changes the content version once the transaction commits, so
every process rebuilds its snapshot (rehapro_kb.versioned_value); within one request the
first snapshot is kept, so a page costs one query however many texts it explains.
"""

import re
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from glossary.models import Term
from rehapro_kb.versioned_value import VersionedValue


@dataclass(frozen=True)
class Snapshot:
    terms: tuple  # public terms, alphabetical
    groups: tuple  # frozensets of normalised equivalent forms
    abbreviations: dict  # short form -> Term
    pattern: re.Pattern | None  # any short form, whole word, case-sensitive


def _build():
    terms = tuple(sorted(Term.objects.public(), key=sort_key))
    groups = tuple(t.forms() for t in terms)
    # A term without a long form ("rehapro") is no abbreviation: nothing to spell out.
    abbreviations = {t.short: t for t in terms if t.long}
    return Snapshot(terms, groups, abbreviations, _compile(abbreviations))


def _compile(shorts):
    if not shorts:
        return None
    # Literals only, longest first ("SGB II" before "SGB"): no nested quantifiers, so
    # matching stays linear in the text's length.
    alternatives = "|".join(re.escape(s) for s in sorted(shorts, key=lambda s: (-len(s), s)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_snapshot = VersionedValue(_build)


def snapshot():
    """Return the public glossary (per request: one query when cached, two when rebuilt)."""
    return _snapshot.get()


def clear():
    """Forget the cached snapshot in this process (other processes follow the version)."""
    _snapshot.clear()


@receiver(post_save, sender=Term)
@receiver(post_delete, sender=Term)
def _term_changed(sender, **kwargs):
    clear()


def sort_key(term):
    """Sort as a German glossary does: case-insensitive, umlauts with their base letter."""
    return letter_fold(term.short).lower(), term.short


_FOLD = str.maketrans({"Ä": "A", "Ö": "O", "Ü": "U", "ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def letter_fold(text):
    return text.translate(_FOLD)


def synonym_groups():
    """Return each public term's equivalent forms, lower-cased and whitespace-normalised."""
    return list(snapshot().groups)


def public_terms():
    """Return the public terms in glossary order."""
    return list(snapshot().terms)


def abbreviations():
    """Return the public terms with a long form by their short form, as written."""
    return dict(snapshot().abbreviations)
