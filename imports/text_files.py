"""Turn the bytes of an uploaded or given text file into text, or say why not."""

import codecs

from django.utils.translation import gettext as _

# Control characters that never occur in a text document (tab, newlines and form feed do).
_BINARY = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r", "\f"}


class UnreadableText(ValueError):
    """The bytes are not a text document in an encoding we can read."""


class BrokenUtf8(UnreadableText):
    """The bytes begin with the UTF-8 mark but are not UTF-8 throughout."""

    def __init__(self, position):
        super().__init__(
            _(
                "Die Datei ist als UTF-8 markiert, enthält aber ungültige Zeichen "
                "(Byte %(position)s)."
            )
            % {"position": position}
        )
        self.position = position


def decode(data, encoding=None):
    """Return (text, encoding name): as `encoding`, or as UTF-16 (BOM), UTF-8 or Windows-1252."""
    if encoding:
        return _decode_as(data, encoding), encoding
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows editors' "Unicode" and Excel's "Unicode text".
        return _decode_as(data, "utf-16"), "UTF-16"
    if b"\x00" in data:
        raise UnreadableText(_("Die Datei ist keine Textdatei."))
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as error:
        if data.startswith(codecs.BOM_UTF8):
            # A UTF-8 mark on a file that is not UTF-8 throughout: guessing would garble it.
            raise BrokenUtf8(error.start) from error
    try:
        # German Excel and older Windows editors save as Windows-1252.
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise UnreadableText(
            _("Die Zeichenkodierung der Datei wurde nicht erkannt (weder UTF-8 noch Windows-1252).")
        ) from None


def decode_text(data, encoding=None):
    """Decode a text document as `encoding` or as decode() detects; refuse control characters."""
    text, _encoding = decode(data, encoding)
    if not _BINARY.isdisjoint(text):
        raise UnreadableText(_("Die Datei ist keine Textdatei."))
    return text


def _decode_as(data, encoding):
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UnreadableText(
            _("Unbekannte Zeichenkodierung „%(encoding)s“.") % {"encoding": encoding}
        ) from None
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UnreadableText(
            _("Die Datei lässt sich nicht als %(encoding)s lesen.") % {"encoding": encoding}
        ) from None
