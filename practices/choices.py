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
