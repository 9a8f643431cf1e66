"""Fachforen and what was discussed there: theme tables, documents, studies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forums.document_files import DocumentFileField, validate_document_file
from rehapro_kb.models import TimeStampedModel
from rehapro_kb.slug_urls import slug_url

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX"}


class Forum(TimeStampedModel):
    """One Fachforum "Jobcenter der Zukunft"."""

    number = models.PositiveSmallIntegerField(
        _("Nummer"), unique=True, help_text=_("Fachforum I = 1, II = 2, …")
    )
    title = models.CharField(_("Titel"), max_length=200)
    subtitle = models.CharField(_("Untertitel"), max_length=300, blank=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    date = models.DateField(_("Datum"))
    venue = models.CharField(_("Veranstaltungsort"), max_length=200, blank=True)
    city = models.CharField(_("Stadt"), max_length=100, blank=True)
    host_organisation = models.CharField(_("Gastgebende Organisation"), max_length=200, blank=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True)
    documentation_url = models.URLField(
        _("Dokumentation (URL)"), blank=True, help_text=_("Wo die Dokumentation öffentlich steht.")
    )
    # What the documentation's two statuses mean: 2025 and 2023 use the same words differently.
    status_meaning_geplant = models.TextField(
        _("Bedeutung von „geplant“"),
        blank=True,
        help_text=_("Was „geplant“ in der Dokumentation dieses Forums bedeutet (ein Satz)."),
    )
    status_meaning_umgesetzt = models.TextField(
        _("Bedeutung von „umgesetzt“"),
        blank=True,
        help_text=_("Was „umgesetzt“ in der Dokumentation dieses Forums bedeutet (ein Satz)."),
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("Fachforum")
        verbose_name_plural = _("Fachforen")

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return slug_url("forums:detail", slug=self.slug)

    def status_meaning(self, status):
        """Return what the status means in this forum's documentation, or ""."""
        return getattr(self, f"status_meaning_{status}", "") or ""

    @property
    def roman_number(self):
        return ROMAN.get(self.number, str(self.number))


class Thementisch(TimeStampedModel):
    """A theme table, working group or input session of a forum."""

    class Kind(models.TextChoices):
        SCHWERPUNKTTHEMA = "schwerpunktthema", _("Schwerpunktthema")
        THEMENTISCH = "thementisch", _("Thementisch")
        ARBEITSGRUPPE = "arbeitsgruppe", _("Arbeitsgruppe")
        LEITUNGSRUNDE = "leitungsrunde", _("Leitungsrunde")
        IMPULS = "impuls", _("Impuls/Input")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="thementische", verbose_name=_("Fachforum")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind, default=Kind.THEMENTISCH)
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    summary = models.TextField(_("Zusammenfassung"), blank=True)
    key_results = models.TextField(
        _("Wichtigste Ergebnisse"), blank=True, help_text=_("Ein Ergebnis pro Zeile.")
    )
    editorial_note = models.TextField(
        _("Redaktionelle Notiz (intern)"),
        blank=True,
        help_text=_("Wie die Redaktion den Text der Dokumentation zugeordnet hat; nie öffentlich."),
    )
    projects = models.ManyToManyField(
        "practices.Project",
        blank=True,
        related_name="thementische",
        verbose_name=_("Beteiligte Projekte"),
    )

    class Meta:
        ordering = ["forum", "position", "title"]
        verbose_name = _("Thementisch")
        verbose_name_plural = _("Thementische")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "slug"],
                name="thementisch_slug_unique_per_forum",
                violation_error_message=_(
                    "Dieser Kurzname ist in diesem Fachforum schon vergeben."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("forums:thementisch", forum_slug=self.forum.slug, slug=self.slug)

    def key_result_lines(self):
        return [line.strip() for line in self.key_results.splitlines() if line.strip()]


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents anyone may see; participant lists and other personal data never are."""
        return self.filter(is_public=True, contains_personal_data=False).exclude(
            kind=Document.Kind.TEILNEHMENDENLISTE
        )


class Document(TimeStampedModel):
    """A file or link belonging to a forum (slides, participant list, ...)."""

    class Kind(models.TextChoices):
        FOLIENSATZ = "foliensatz", _("Foliensatz")
        TEILNEHMENDENLISTE = "teilnehmendenliste", _("Teilnehmendenliste")
        STUDIE = "studie", _("Studie")
        PRAESENTATION = "praesentation", _("Präsentation")
        SONSTIGES = "sonstiges", _("Sonstiges")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="documents", verbose_name=_("Fachforum")
    )
    title = models.CharField(_("Titel"), max_length=300)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind, default=Kind.SONSTIGES)
    url = models.URLField(_("Adresse (URL)"), max_length=500, blank=True)
    file = DocumentFileField(
        _("Datei"),
        upload_to="documents/",
        validators=[validate_document_file],
        blank=True,
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT oder ein Bild (PNG, JPEG, GIF, WebP)."),
    )
    is_public = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_(
            "Teilnehmendenlisten enthalten personenbezogene Daten und sind nie öffentlich."
        ),
    )
    # Once set, never cleared: changing the kind later must not make the list publishable.
    contains_personal_data = models.BooleanField(
        _("enthält personenbezogene Daten"),
        default=False,
        help_text=_(
            "Wird für jede Teilnehmendenliste gesetzt und bleibt gesetzt, auch wenn sich die "
            "Art später ändert. Solche Dokumente sind nie öffentlich."
        ),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["forum", "kind", "title"]
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="teilnehmendenliste") | Q(contains_personal_data=True),
                name="participant_list_contains_personal_data",
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(contains_personal_data=False),
                name="personal_data_never_public",
                violation_error_message=_(
                    "Ein Dokument mit personenbezogenen Daten darf nicht öffentlich sein."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.forum.get_absolute_url()}#dokumente"

    def get_file_url(self):
        """The one address a stored file is served at (checked on every request)."""
        return reverse("forums:document", kwargs={"forum_slug": self.forum.slug, "pk": self.pk})

    def clean(self):
        if self.mark_personal_data() and self.is_public:
            raise ValidationError(
                {
                    "is_public": _(
                        "Dieses Dokument ist oder war eine Teilnehmendenliste und enthält "
                        "personenbezogene Daten; es darf nicht öffentlich sein."
                    )
                }
            )

    def save(self, *args, **kwargs):
        """Save; always write the privacy fields, which the pre_save receiver may change."""
        if kwargs.get("update_fields") is not None:
            fields = {"contains_personal_data", "is_public"}
            kwargs["update_fields"] = {*kwargs["update_fields"], *fields}
        super().save(*args, **kwargs)

    def mark_personal_data(self):
        """Set the personal-data flag if this is, or ever was, a participant list; return it."""
        if self.kind == self.Kind.TEILNEHMENDENLISTE or (
            # pk, not _state.adding: a history revert saves a fresh instance with a known pk.
            self.pk is not None
            and Document.objects.filter(pk=self.pk, contains_personal_data=True).exists()
        ):
            self.contains_personal_data = True
        return self.contains_personal_data


@receiver(pre_save, sender=Document)
def keep_personal_data_private(sender, instance, **kwargs):
    """Never store a document with personal data as public, whoever saves it and how.

    A receiver rather than save(): a history revert (django-reversion) and loaddata write
    with save_base(raw=True), which skips save() but still sends pre_save.
    """
    if instance.mark_personal_data():
        instance.is_public = False


class Study(TimeStampedModel):
    """A study or source cited at a forum."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="studies", verbose_name=_("Fachforum")
    )
    thementisch = models.ForeignKey(
        Thementisch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="studies",
        verbose_name=_("Thementisch"),
    )
    title = models.CharField(_("Titel"), max_length=500)
    authors = models.CharField(_("Autorinnen und Autoren"), max_length=300, blank=True)
    journal = models.CharField(_("Zeitschrift"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True)
    doi = models.CharField(_("DOI"), max_length=100, blank=True)
    url = models.URLField(_("Adresse (URL)"), max_length=500, blank=True)

    class Meta:
        ordering = ["forum", "-year", "title"]
        verbose_name = _("Studie")
        verbose_name_plural = _("Studien")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.forum.get_absolute_url()}#studien"

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""


class LoadedContent(models.Model):
    """What `load_forum_content` last wrote for one entry, to notice later admin edits."""

    kind = models.CharField(_("Art"), max_length=40)
    key = models.CharField(_("Schlüssel"), max_length=200)
    fingerprint = models.CharField(_("Prüfsumme"), max_length=64)
    loaded_at = models.DateTimeField(_("geladen am"), auto_now=True)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("geladener Inhalt")
        verbose_name_plural = _("geladene Inhalte")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="unique_loaded_content")
        ]

    def __str__(self):
        return f"{self.kind}:{self.key}"

    def get_absolute_url(self):
        return reverse("admin:forums_loadedcontent_change", args=[self.pk])
