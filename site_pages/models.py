"""Legal pages edited in the admin, and feedback sent through the contact form."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LegalPage(models.Model):
    """One of the fixed pages every public German site needs; its text is edited in the admin."""

    class Kind(models.TextChoices):
        IMPRESSUM = "impressum", _("Impressum")
        DATENSCHUTZ = "datenschutz", _("Datenschutzerklärung")
        BARRIEREFREIHEIT = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
        KONTAKT = "kontakt", _("Kontakt")

    kind = models.CharField(_("Seite"), max_length=20, choices=Kind, unique=True)
    title = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(
        _("Text"),
        help_text=_(
            "Leerzeile = neuer Absatz; „## “ am Zeilenanfang = Zwischenüberschrift; "
            "„- “ = Aufzählung. Adressen und E-Mail-Adressen werden zu Links. "
            "Platzhalter: {website}, {betreiber}, {kontakt_email}."
        ),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Rechtliche Seite")
        verbose_name_plural = _("Rechtliche Seiten")
        ordering = ("kind",)

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"site_pages:{self.kind}")


class Feedback(models.Model):
    """A message sent through /kontakt/; read by Administration in the admin."""

    class Topic(models.TextChoices):
        BARRIERE = "barriere", _("Barriere melden (Barrierefreiheit)")
        INHALT = "inhalt", _("Hinweis zu einem Inhalt")
        FRAGE = "frage", _("Frage")
        SONSTIGES = "sonstiges", _("Sonstiges")

    topic = models.CharField(_("Anliegen"), max_length=20, choices=Topic, default=Topic.FRAGE)
    message = models.TextField(_("Nachricht"), max_length=5000)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    page_url = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    done = models.BooleanField(_("erledigt"), default=False)

    class Meta:
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Rückmeldungen")
        ordering = ("-created_at",)

    def __str__(self):
        return f"{self.get_topic_display()}: {self.message[:60]}"

    def get_absolute_url(self):
        return reverse("admin:site_pages_feedback_change", args=[self.pk])
