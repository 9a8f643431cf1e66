"""A background job as the researcher sees it: what runs, how far it is, how it ended."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INTERRUPTED = _(
    "Der Vorgang wurde unterbrochen (der Hintergrundprozess wurde beendet). "
    "Es wurde nichts geändert; bitte starten Sie ihn erneut."
)


class Job(models.Model):
    """One import, undo or export run by the task worker, with its progress."""

    class Kind(models.TextChoices):
        SPREADSHEET_IMPORT = "spreadsheet_import", _("Tabellenimport")
        FORUM_TEXT_IMPORT = "forum_text_import", _("Import Forumsdokumentation")
        PROJECT_IMPORT = "project_import", _("Projektimport")
        IMPORT_UNDO = "import_undo", _("Import rückgängig machen")
        EXPORT = "export", _("Export")

    class State(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("läuft")
        SUCCEEDED = "succeeded", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    kind = models.CharField(_("Art"), max_length=30, choices=Kind)
    title = models.CharField(_("Bezeichnung"), max_length=255, blank=True)
    state = models.CharField(_("Stand"), max_length=20, choices=State, default=State.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gestartet von"),
    )
    created_at = models.DateTimeField(_("gestartet am"), default=timezone.now)
    started_at = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    done = models.PositiveIntegerField(_("erledigt"), default=0)
    total = models.PositiveIntegerField(_("gesamt"), default=0)
    phase = models.CharField(_("Schritt"), max_length=100, blank=True)
    # Work in several passes (check every row, then write every row): step of steps.
    step = models.PositiveSmallIntegerField(default=1)
    steps = models.PositiveSmallIntegerField(default=1)
    message = models.TextField(_("Meldung"), blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    # What the task needs (an uploaded file, a filter) and what it leaves (counts, file name).
    params = models.JSONField(default=dict, blank=True)
    payload = models.BinaryField(null=True, blank=True, editable=False)
    result = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Hintergrundaufgabe")
        verbose_name_plural = _("Hintergrundaufgaben")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}: {self.title}"

    def get_absolute_url(self):
        return reverse("jobs:progress", args=[self.pk])

    @property
    def is_finished(self):
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    def is_stale(self, now=None):
        """Tell whether a running job's worker has stopped giving signs of life."""
        if self.state != self.State.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at or self.created_at
        now = now or timezone.now()
        return now - last > timedelta(seconds=settings.JOBS_STALE_SECONDS)

    def mark_interrupted_if_stale(self):
        """A killed worker cannot report its end: a stale running job ends as failed."""
        if not self.is_stale():
            return False
        updated = Job.objects.filter(pk=self.pk, state=self.State.RUNNING).update(
            state=self.State.FAILED, message=str(INTERRUPTED), finished_at=timezone.now()
        )
        self.refresh_from_db()
        return bool(updated)


class ExportFile(models.Model):
    """A large public export built by a job, offered by an unguessable token until it expires.

    key names what was asked (filters, format, language, host, content version): the same
    request reuses the job instead of starting another.
    """

    job = models.OneToOneField(
        Job, on_delete=models.CASCADE, related_name="export_file", verbose_name=_("Aufgabe")
    )
    key = models.CharField(max_length=64, unique=True)
    token = models.CharField(max_length=64, unique=True)
    content_version = models.CharField(_("Inhaltsstand"), max_length=64)
    export_url = models.CharField(max_length=2000)
    storage_name = models.CharField(max_length=255, blank=True)
    filename = models.CharField(_("Dateiname"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("Größe"), default=0)
    expires_at = models.DateTimeField(_("verfügbar bis"), db_index=True)

    class Meta:
        ordering = ["-expires_at", "-id"]
        verbose_name = _("Exportdatei")
        verbose_name_plural = _("Exportdateien")

    def __str__(self):
        return self.filename or f"Export #{self.job_id}"

    def get_absolute_url(self):
        return reverse("practices:export_job", args=[self.token])

    def is_expired(self, now=None):
        return self.expires_at <= (now or timezone.now())
