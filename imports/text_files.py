"""Turn the bytes of an uploaded or given text file into text, or say why not."""

import codecs

from django.utils.translation import gettext as _

# German Excel and older Windows editors save as Windows-1252; everything else is UTF-8.
FALLBACK_ENCODINGS = ("utf-8-sig", "cp1252")
# Control characters that never occur in a text document (tab, newlines and form feed do).
_BINARY = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r", "\f"}


class UnreadableText(ValueError):
    """The bytes are not a text document in an encoding we can read."""


def decode_text(data, encoding=None):
    """Decode as `encoding`, or as UTF-8 (with or without BOM), UTF-16 (BOM) or Windows-1252."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UnreadableText(
                _("Unbekannte Zeichenkodierung „%(encoding)s“.") % {"encoding": encoding}
            ) from None
    if not encoding and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # Windows editors' "Unicode"
    elif not encoding and b"\x00" in data:
        raise UnreadableText(_("Die Datei ist keine Textdatei."))
    for candidate in (encoding,) if encoding else FALLBACK_ENCODINGS:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if not _BINARY.isdisjoint(text):
            raise UnreadableText(_("Die Datei ist keine Textdatei."))
        return text.removeprefix("\ufeff")
    if encoding:
        raise UnreadableText(
            _("Die Datei lässt sich nicht als %(encoding)s lesen.") % {"encoding": encoding}
        )
    raise UnreadableText(
        _("Die Zeichenkodierung der Datei wurde nicht erkannt (weder UTF-8 noch Windows-1252).")
    )
