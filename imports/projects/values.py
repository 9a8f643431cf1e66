"""Turn the cells of a project table into field values; a bad cell gets a German message."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from practices.models import Bundesland, Project


class CellError(ValueError):
    """The cell's value cannot be taken over; the message says why, in German."""


_WAVE = re.compile(r"^([123])\s*\.?\s*(?:förderwelle|förderaufruf|welle|aufruf)?$", re.IGNORECASE)
_SPHERE_PARTS = re.compile(r"[\s,;/+&|]+|\bund\b", re.IGNORECASE)
_SPHERE_TOKENS = {"ii": "ii", "2": "ii", "vi": "vi", "6": "vi"}
_SPHERES = {
    frozenset({"ii"}): Project.LegalSphere.SGB_II,
    frozenset({"vi"}): Project.LegalSphere.SGB_VI,
    frozenset({"ii", "vi"}): Project.LegalSphere.SGB_II_VI,
}
_STATE_PARTS = re.compile(r"\s*(?:[,;|/\n]|\bund\b)\s*", re.IGNORECASE)
_STATES = {
    key.casefold(): (value, label)
    for value, label in Bundesland.choices
    for key in (value, label, label.replace("ü", "ue"))
}
_URL = URLValidator(schemes=["http", "https"])


def text(value, limit):
    """Plain text with one kind of line break, at most `limit` characters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(value) > limit:
        raise CellError(
            _("Der Text ist %(length)s Zeichen lang; erlaubt sind höchstens %(limit)s.")
            % {"length": len(value), "limit": limit}
        )
    return value


def funding_wave(value):
    """1, 2 or 3, also written as "2. Förderaufruf"; empty stays empty (None)."""
    value = " ".join(value.split())
    if not value:
        return None
    match = _WAVE.match(value)
    if match is None:
        raise CellError(
            _(
                "„%(value)s“ ist keine Förderwelle: erlaubt sind 1, 2 oder 3 "
                "(z. B. „2“ oder „2. Förderaufruf“)."
            )
            % {"value": value[:80]}
        )
    return int(match.group(1))


def partners(value):
    """One partner a line; a table may also separate them with ";" or "|"."""
    parts = re.split(r"[\n;|]", text(value, 5000))
    return "\n".join(part.strip() for part in parts if part.strip())


def legal_sphere(value):
    """SGB II, SGB VI or both, however the table writes it."""
    value = value.strip()
    if not value:
        return ""
    cleaned = re.sub(r"sgb", " ", value, flags=re.IGNORECASE)
    tokens = [part.casefold() for part in _SPHERE_PARTS.split(cleaned) if part]
    found = frozenset(_SPHERE_TOKENS.get(token, "?") for token in tokens)
    if not found or "?" in found:
        raise CellError(
            _(
                "„%(value)s“ ist kein Rechtskreis: erlaubt sind „SGB II“, „SGB VI“ "
                "oder „SGB II und SGB VI“."
            )
            % {"value": value[:80]}
        )
    return _SPHERES[found].value


def states(value):
    """Return (names joined by ", ", the one state's code or "") for a list of states."""
    names, codes = [], []
    for part in _STATE_PARTS.split(value.strip()):
        if not part:
            continue
        known = _STATES.get(" ".join(part.split()).casefold())
        if known is None:
            raise CellError(
                _("„%(value)s“ ist kein Bundesland (erwartet z. B. „Nordrhein-Westfalen“).")
                % {"value": part[:80]}
            )
        if known[0] not in codes:
            codes.append(known[0])
            names.append(known[1])
    return ", ".join(names), (codes[0] if len(codes) == 1 else "")


def website(value):
    """A full web address (http or https); empty stays empty."""
    value = value.strip()
    if not value:
        return ""
    try:
        if len(value) > 200:
            raise ValidationError("too long")
        _URL(value)
    except ValidationError as error:
        raise CellError(
            _(
                "„%(value)s“ ist keine gültige Web-Adresse: bitte vollständig angeben, "
                "z. B. „https://www.beispiel.de/“ (höchstens 200 Zeichen)."
            )
            % {"value": value[:80]}
        ) from error
    return value
