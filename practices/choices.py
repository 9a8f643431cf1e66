"""A practice's category and status, importable without the models (the parser needs them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The four categories the forum documentations sort practices into."""

    ANGEBOTE_TRAEGER = "angebote-traeger", _("Angebote & Träger")
    FINANZIERUNG = "finanzierung", _("Finanzierung")
    STRUKTUREN = (
        "strukturen-organisationsentwicklung",
        _("Strukturen & Organisationsentwicklung"),
    )
    SONSTIGES = "sonstiges", _("Sonstiges")


class Status(models.TextChoices):
    """Whether a practice was planned or already implemented."""

    GEPLANT = "geplant", _("geplant")
    UMGESETZT = "umgesetzt", _("umgesetzt")


class EntryType(models.TextChoices):
    """What kind of statement an entry is; the documentations list all kinds side by side.

    2025 names its bullets "Aktivitäten, Hinweise auf Hürden und Ideen" (L30) and labels
    some itself ("Erkenntnis:" L82, "Herausforderung:" L122, "Hemmendes" L107); 2023 has
    "Erkenntnis" (L36), proposals and demands ("Gelingensbedingungen", "Forderung"), and
    open questions ("Folgende Fragen sind … noch offen", L48).
    """

    PRAXISBEISPIEL = "praxisbeispiel", _("Praxisbeispiel")
    ERKENNTNIS = "erkenntnis", _("Erkenntnis")
    EMPFEHLUNG = "empfehlung", _("Empfehlung/Forderung")
    HERAUSFORDERUNG = "herausforderung", _("Herausforderung")
    FRAGE = "frage", _("Offene Frage")
