"""The knowledge itself: model projects, transfer practices and their hurdles."""

import datetime
import uuid

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from practices import choices
from rehapro_kb.models import TimeStampedModel
from rehapro_kb.slug_urls import slug_url


class Bundesland(models.TextChoices):
    BADEN_WUERTTEMBERG = "baden-wuerttemberg", "Baden-Württemberg"
    BAYERN = "bayern", "Bayern"
    BERLIN = "berlin", "Berlin"
    BRANDENBURG = "brandenburg", "Brandenburg"
    BREMEN = "bremen", "Bremen"
    HAMBURG = "hamburg", "Hamburg"
    HESSEN = "hessen", "Hessen"
    MECKLENBURG_VORPOMMERN = "mecklenburg-vorpommern", "Mecklenburg-Vorpommern"
    NIEDERSACHSEN = "niedersachsen", "Niedersachsen"
    NORDRHEIN_WESTFALEN = "nordrhein-westfalen", "Nordrhein-Westfalen"
    RHEINLAND_PFALZ = "rheinland-pfalz", "Rheinland-Pfalz"
    SAARLAND = "saarland", "Saarland"
    SACHSEN = "sachsen", "Sachsen"
    SACHSEN_ANHALT = "sachsen-anhalt", "Sachsen-Anhalt"
    SCHLESWIG_HOLSTEIN = "schleswig-holstein", "Schleswig-Holstein"
    THUERINGEN = "thueringen", "Thüringen"


class ProjectQuerySet(models.QuerySet):
    def for_list(self):
        return self.order_by("short_name")


class Project(TimeStampedModel):
    """A rehapro model project."""

    class LeadAgency(models.TextChoices):
        JOBCENTER = "jobcenter", _("Jobcenter")
        RENTENVERSICHERUNG = "rentenversicherung", _("Rentenversicherung")
        SONSTIGE = "sonstige", _("Sonstige")

    class Status(models.TextChoices):
        LAUFEND = "laufend", _("laufend")
        ABGESCHLOSSEN = "abgeschlossen", _("abgeschlossen")

    class LegalSphere(models.TextChoices):
        SGB_II = "sgb-ii", _("SGB II")
        SGB_VI = "sgb-vi", _("SGB VI")
        SGB_II_VI = "sgb-ii-vi", _("SGB II und SGB VI")

    short_name = models.CharField(_("Kurzname"), max_length=80)
    full_name = models.CharField(_("Vollständiger Name"), max_length=300, blank=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    funding_wave = models.PositiveSmallIntegerField(
        _("Förderwelle"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("Die Förderwelle muss 1, 2 oder 3 sein.")),
            MaxValueValidator(3, _("Die Förderwelle muss 1, 2 oder 3 sein.")),
        ],
        help_text=_("1, 2 oder 3; leer, wenn nicht bekannt."),
    )
    # Empty where no source states it: a public page never shows an inferred value.
    lead_agency_type = models.CharField(
        _("Federführung"), max_length=20, choices=LeadAgency, blank=True
    )
    lead_agency_name = models.CharField(_("Federführende Stelle"), max_length=200, blank=True)
    bundesland = models.CharField(_("Bundesland"), max_length=30, choices=Bundesland, blank=True)
    place = models.CharField(_("Ort"), max_length=100, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status, blank=True)
    website = models.URLField(_("Website"), blank=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True)
    # The fields of the official project descriptions, loaded by the project import.
    partners = models.TextField(_("Verbundpartner"), blank=True, help_text=_("Einer je Zeile."))
    legal_sphere = models.CharField(
        _("Rechtskreis"), max_length=10, choices=LegalSphere, blank=True
    )
    # A project may span several states; `bundesland` keeps the single one for the facets.
    states = models.CharField(
        _("Bundesländer"),
        max_length=400,
        blank=True,
        help_text=_("Wie in der Projektbeschreibung, durch Komma getrennt."),
    )
    duration = models.CharField(
        _("Laufzeit"), max_length=100, blank=True, help_text=_("z. B. 01.01.2019 – 31.12.2023")
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return slug_url("practices:project_detail", slug=self.slug)


def review_interval():
    """Return how long a check stays valid (settings.REVIEW_INTERVAL_DAYS)."""
    return datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS)


class PracticeQuerySet(models.QuerySet):
    def published(self):
        """Return what the public may see: the one visibility rule of the site."""
        return self.filter(publication_state=Practice.PublicationState.VEROEFFENTLICHT)

    # The researchers' work lists, shared by the admin filters and the admin start page.

    def drafts(self):
        return self.filter(publication_state=Practice.PublicationState.ENTWURF)

    def in_review(self):
        return self.filter(publication_state=Practice.PublicationState.IN_PRUEFUNG)

    def created_by_user(self, user):
        return self.filter(created_by=user)

    def never_reviewed(self):
        """Return published practices nobody has checked yet (loaded content starts so)."""
        return self.published().filter(last_reviewed_at__isnull=True)

    def review_overdue(self, today=None):
        """Return published practices last checked longer ago than the review interval."""
        return self.published().filter(last_reviewed_at__lt=_review_cutoff(today))

    def reviewed_recently(self, today=None):
        return self.filter(last_reviewed_at__gte=_review_cutoff(today))

    def with_has_hurdles(self):
        return self.annotate(has_hurdles=Exists(Hurdle.objects.filter(practice=OuterRef("pk"))))

    def without_search_vector(self):
        # The stored tsvector is wide (about 1.5 KB a row) and only ever read by the database.
        return self.defer("search_vector")

    def for_list(self):
        """Shape rows for the practice list: one query per relation, none per row."""
        return (
            # What a card shows; a forum's summary and the Thementisch are not on the list.
            self.only(*LIST_FIELDS)
            .select_related("forum")
            .prefetch_related(
                tag_list_prefetch(),
                hurdle_list_prefetch(*HURDLE_TEXT_FIELDS),
                public_attributions_prefetch(),
            )
            .with_has_hurdles()
        )

    def for_detail(self):
        return (
            self.without_search_vector()
            # The Thementisch link needs its forum's slug; the line of development (lines
            # app) is read along, so an entry without one needs no query for it.
            .select_related("forum", "thementisch__forum", "last_reviewed_by", "line_membership")
            .prefetch_related(
                tag_list_prefetch(), hurdle_list_prefetch(), public_attributions_prefetch()
            )
        )

    def for_forum_page(self):
        # What a forum page's lines show, and the keys its related manager sets: no
        # description, no Thementisch row (70 copies of its summary decoded for nothing).
        return self.only(
            "id", "title", "slug", "aspect", "category", "status", "forum_id", "thementisch_id"
        ).prefetch_related(hurdle_list_prefetch(*HURDLE_TEXT_FIELDS))


def _review_cutoff(today):
    return (today or timezone.localdate()) - review_interval()


LIST_FIELDS = (
    "id",
    "title",
    "slug",
    "description",
    "aspect",
    "category",
    "status",
    "entry_type",
    "forum__id",
    "forum__title",
    "forum__slug",
    "forum__date",
    "forum__status_meaning_geplant",
    "forum__status_meaning_umgesetzt",
)


def _choice_label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


def tag_list_prefetch():
    # Into a list: taggit's own prefetch builds one queryset per practice (0.2 ms each).
    return Prefetch(
        "tagged_items",
        queryset=TaggedPractice.objects.select_related("tag").order_by("pk"),
        to_attr="prefetched_tag_links",
    )


def hurdle_list_prefetch(*fields):
    """Prefetch hurdles into a list (a related manager's builds a queryset per practice)."""
    hurdles = Hurdle.objects.only(*fields) if fields else Hurdle.objects.all()
    return Prefetch("hurdles", queryset=hurdles, to_attr="prefetched_hurdles")


# A list line names a hurdle by its text only.
HURDLE_TEXT_FIELDS = ("id", "practice_id", "text", "position")


def public_attributions_prefetch():
    # Pages name a project and link it; its descriptions stay unread.
    attributions = (
        ProjectAttribution.objects.filter(is_public=True)
        .select_related("project")
        .only(
            "id", "practice_id", "project_id", "is_public", "project__slug", "project__short_name"
        )
    )
    return Prefetch("attributions", queryset=attributions, to_attr="public_attributions")


class TaggedPractice(TaggedItemBase):
    """Tag link with a real foreign key, so tag filters and facets need no generic join."""

    content_object = models.ForeignKey(
        "Practice", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("Schlagwort-Zuordnung")
        verbose_name_plural = _("Schlagwort-Zuordnungen")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_practice_tag")
        ]
        indexes = [
            # A tag's entries, newest first, from the index alone (related practices).
            models.Index(fields=["tag", "content_object"], name="tagged_practice_by_tag_idx"),
        ]


class StaleEditError(Exception):
    """Someone else saved the practice after this edit began."""

    def __init__(self, practice):
        super().__init__(f"practice {practice.pk} was changed by someone else")
        self.practice = practice


class Practice(TimeStampedModel):
    """A transfer practice reported at a forum: planned or implemented."""

    Category = choices.Category
    Status = choices.Status
    EntryType = choices.EntryType

    class PublicationState(models.TextChoices):
        ENTWURF = "entwurf", _("Entwurf")
        IN_PRUEFUNG = "in_pruefung", _("in Prüfung")
        VEROEFFENTLICHT = "veroeffentlicht", _("veröffentlicht")
        ARCHIVIERT = "archiviert", _("archiviert")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"))
    category = models.CharField(_("Kategorie"), max_length=40, choices=Category)
    status = models.CharField(_("Status"), max_length=20, choices=Status)
    entry_type = models.CharField(
        _("Eintragsart"),
        max_length=20,
        choices=EntryType,
        default=EntryType.PRAXISBEISPIEL,
        help_text=_(
            "Was für eine Aussage der Eintrag ist; Kategorie und Status bleiben, wie die "
            "Dokumentation ihn führt."
        ),
    )
    aspect = models.CharField(
        _("Aspekt"),
        max_length=200,
        blank=True,
        help_text=_("Die Zwischenüberschrift, unter der die Praxis stand, z. B. „Kontaktdichte“."),
    )
    forum = models.ForeignKey(
        "forums.Forum",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("Fachforum"),
    )
    thementisch = models.ForeignKey(
        "forums.Thementisch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("Thementisch"),
    )
    projects = models.ManyToManyField(
        Project,
        through="ProjectAttribution",
        blank=True,
        related_name="practices",
        verbose_name=_("Projekte"),
    )
    tags = TaggableManager(_("Schlagworte"), through=TaggedPractice, blank=True)
    source_section = models.TextField(
        _("Quelle (Abschnitt)"),
        help_text=_(
            "Wo in der Forumsdokumentation die Praxis steht, und wie sie eingeordnet wurde."
        ),
    )
    # Internal only: never rendered on a public page nor exported publicly.
    status_reason = models.TextField(
        _("Begründung des Status (intern)"),
        blank=True,
        help_text=_("Warum der Eintrag als geplant/umgesetzt geführt wird; nie öffentlich."),
    )
    editorial_note = models.TextField(
        _("Redaktionelle Notiz (intern)"),
        blank=True,
        help_text=_("Anmerkungen der Redaktion zu Quelle und Bearbeitung; nie öffentlich."),
    )
    publication_state = models.CharField(
        _("Veröffentlichungsstatus"),
        max_length=20,
        choices=PublicationState,
        default=PublicationState.ENTWURF,
        db_index=True,
    )
    state_changed_at = models.DateTimeField(_("Status geändert am"), null=True, blank=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Status geändert von"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    # Optimistic locking: a new token on every save; an edit that started from an older
    # token is refused instead of silently overwriting (see save()).
    edit_token = models.UUIDField(_("Bearbeitungsstand"), default=uuid.uuid4, editable=False)
    # Only edits of what the entry says move this date; loading, publishing or tagging don't.
    content_changed_at = models.DateTimeField(
        _("zuletzt inhaltlich geändert"), null=True, blank=True, editable=False
    )
    last_reviewed_at = models.DateField(_("zuletzt geprüft am"), null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuletzt geprüft von"),
    )
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("aus Import"),
    )
    # Maintained by practices.search on PostgreSQL; unused (NULL) on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-forum__date", "category", "status", "id"]
        verbose_name = _("Praxis")
        verbose_name_plural = _("Praxisbeispiele")
        permissions = [
            ("publish_practice", _("Darf veröffentlichen, zurückziehen und archivieren")),
            ("review_practice", _("Darf als geprüft markieren")),
        ]
        indexes = [
            # Covers the facet counts, so they can be answered from the index alone.
            models.Index(
                fields=["publication_state", "category", "status", "entry_type", "forum", "id"],
                name="practice_facet_cover_idx",
            ),
            # The list by forum: one forum day's page read in order, not sorted.
            models.Index(
                fields=["forum", "publication_state", "category", "status", "id"],
                name="practice_forum_order_idx",
            ),
            models.Index(fields=["-updated_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("practices:detail", slug=self.slug)

    # Labels by enum lookup: get_FOO_display() rebuilds a dict of all choices on every call,
    # three times a card.
    @property
    def category_label(self):
        return _choice_label(self.Category, self.category)

    @property
    def status_label(self):
        return _choice_label(self.Status, self.status)

    @property
    def entry_type_label(self):
        return _choice_label(self.EntryType, self.entry_type)

    @property
    def tag_list(self):
        """Return the tags in the order given; from the page's prefetch when it made one."""
        links = getattr(self, "prefetched_tag_links", None)
        return [link.tag for link in links] if links is not None else list(self.tags.all())

    @property
    def hurdle_list(self):
        """Return the hurdles in order; from the page's prefetch when it made one."""
        hurdles = getattr(self, "prefetched_hurdles", None)
        return hurdles if hurdles is not None else list(self.hurdles.all())

    @property
    def status_meaning(self):
        """Return what this entry's status means in its forum's documentation."""
        return self.forum.status_meaning(self.status)

    @property
    def is_published(self):
        return self.publication_state == self.PublicationState.VEROEFFENTLICHT

    def save(self, *args, expected_token=None, **kwargs):
        """Save; with `expected_token`, refuse if someone else saved since that token."""
        if expected_token is not None and not self._state.adding:
            current = (
                Practice.objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("edit_token", flat=True)
                .first()
            )
            if current != expected_token:
                raise StaleEditError(self)
        self.edit_token = uuid.uuid4()
        touched = {"edit_token", "updated_at"}
        if self._content_differs_from_stored():
            self.content_changed_at = timezone.now()
            touched.add("content_changed_at")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *touched}
        super().save(*args, **kwargs)

    def _content_differs_from_stored(self):
        """True when an existing entry's text or classification is about to change."""
        if self._state.adding or self.pk is None:
            return False
        stored = Practice.objects.filter(pk=self.pk).values(*CONTENT_FIELDS).first()
        if stored is None:
            return False
        return any(stored[name] != getattr(self, name) for name in CONTENT_FIELDS)


# What an entry says: a change to any of these is a change of content ("inhaltlich geändert").
CONTENT_FIELDS = (
    "title",
    "description",
    "category",
    "status",
    "aspect",
    "forum_id",
    "thementisch_id",
    "source_section",
)


class ProjectAttribution(models.Model):
    """Links a practice to a project; only public attributions are shown."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="attributions", verbose_name=_("Praxis")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="attributions", verbose_name=_("Projekt")
    )
    is_public = models.BooleanField(
        _("Zuordnung öffentlich"),
        default=False,
        help_text=_("Foren halten Praxisbeispiele oft „ohne Projektzuordnung“ fest."),
    )

    class Meta:
        ordering = ["project__short_name"]
        verbose_name = _("Projektzuordnung")
        verbose_name_plural = _("Projektzuordnungen")
        constraints = [
            models.UniqueConstraint(fields=["practice", "project"], name="unique_attribution")
        ]
        indexes = [
            # The funding-wave facet reads the public projects of each match from here alone.
            models.Index(
                fields=["practice", "project"],
                condition=models.Q(is_public=True),
                name="attribution_public_idx",
            ),
        ]

    def __str__(self):
        return f"{self.practice} – {self.project}"


class HurdleQuerySet(models.QuerySet):
    def published(self):
        """Return what the public may see: standalone hurdles and those of published entries."""
        return self.filter(
            Q(practice__isnull=True)
            | Q(practice__publication_state=Practice.PublicationState.VEROEFFENTLICHT)
        )

    def for_list(self):
        return self.select_related(
            "practice",
            "practice__forum",
            "practice__thementisch__forum",
            "forum",
            "thementisch__forum",
        )


class Hurdle(TimeStampedModel):
    """A hurdle: of an entry ("Aber: …"), or standing alone in a forum's discussion."""

    class Kind(models.TextChoices):
        """Kinds of hurdle the two documentations name (see content/README.md)."""

        FINANZIERUNG = "finanzierung", _("Finanzierung & Budget")
        RECHT = "recht-datenschutz", _("Recht & Datenschutz")
        PERSONAL = "personal", _("Personal & Kontinuität")
        KOOPERATION = "kooperation", _("Kooperation & Schnittstellen")
        ORGANISATION = "organisation", _("Organisation & Akzeptanz")
        ANGEBOTE = "angebote-zugang", _("Angebote & Zugang")
        WIRKUNG = "wirkung-steuerung", _("Wirkungsmessung & Steuerung")
        POLITIK = "politik", _("Politik & Rahmenbedingungen")

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="hurdles",
        null=True,
        blank=True,
        verbose_name=_("Praxis"),
    )
    # Only for a hurdle standing alone (part of its forum's content, so deleted with it); one
    # of an entry belongs to the entry's forum.
    forum = models.ForeignKey(
        "forums.Forum",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standalone_hurdles",
        verbose_name=_("Fachforum (ohne Eintrag)"),
    )
    thementisch = models.ForeignKey(
        "forums.Thementisch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standalone_hurdles",
        verbose_name=_("Thementisch (ohne Eintrag)"),
    )
    text = models.TextField(_("Hürde"))
    kind = models.CharField(_("Art der Hürde"), max_length=30, choices=Kind, blank=True)
    source = models.TextField(
        _("Quelle"),
        blank=True,
        help_text=_("Fundstelle in der Dokumentation, wie ein Mensch sie liest."),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = HurdleQuerySet.as_manager()

    class Meta:
        ordering = ["practice", "position", "id"]
        verbose_name = _("Hürde")
        verbose_name_plural = _("Hürden")
        constraints = [
            models.CheckConstraint(
                condition=Q(practice__isnull=False) | Q(forum__isnull=False),
                name="hurdle_belongs_to_entry_or_forum",
                violation_error_message=_(
                    "Eine Hürde gehört zu einem Eintrag oder, ohne Eintrag, zu einem Fachforum."
                ),
            )
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        if self.practice_id:
            return f"{self.practice.get_absolute_url()}#huerden"
        return reverse("practices:hurdle_list") + f"#huerde-{self.pk}"

    @property
    def owner_forum(self):
        return self.practice.forum if self.practice_id else self.forum

    @property
    def owner_thementisch(self):
        return self.practice.thementisch if self.practice_id else self.thementisch


# History (django-reversion): a practice's revision includes its hurdles, project
# attributions and tag links, so a revert restores all of them together.
reversion.register(Hurdle)
reversion.register(ProjectAttribution)
reversion.register(TaggedPractice)
reversion.register(
    Practice,
    follow=("hurdles", "attributions", "tagged_items"),
    exclude=("search_vector",),
)


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=PendingChange.State.OPEN)


class PendingChange(models.Model):
    """A change to a published practice, proposed by someone without the publish right."""

    class State(models.TextChoices):
        OPEN = "offen", _("offen")
        APPROVED = "uebernommen", _("übernommen")
        REJECTED = "zurueckgegeben", _("zurück an die Redaktion")

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="pending_changes",
        verbose_name=_("Praxis"),
    )
    # A practices.snapshots snapshot: every editable field, hurdles, tags and project links.
    proposal = models.JSONField(_("vorgeschlagene Fassung"))
    # The practice's edit token when the proposal was made: approving refuses a newer live version.
    base_token = models.UUIDField(_("Bearbeitungsstand der Vorlage"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vorgeschlagen von"),
    )
    created_at = models.DateTimeField(_("vorgeschlagen am"), default=timezone.now)
    state = models.CharField(
        _("Stand"), max_length=20, choices=State, default=State.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    comment = models.TextField(_("Kommentar"), blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Änderungsvorschlag")
        verbose_name_plural = _("Änderungsvorschläge")
        constraints = [
            # One open proposal per practice: a second one is refused, never merged silently.
            models.UniqueConstraint(
                fields=["practice"],
                condition=Q(state="offen"),
                name="one_open_pending_change_per_practice",
            )
        ]

    def __str__(self):
        return _("Vorschlag zu „%(practice)s“") % {"practice": self.practice}

    def get_absolute_url(self):
        return reverse("admin:practices_pendingchange_change", args=[self.pk])

    @property
    def is_open(self):
        return self.state == self.State.OPEN


class PracticeExportLists(models.Model):
    """A practice's hurdles, tags and projects as the exports write them, kept at write time.

    practices.export_lists refreshes a row whenever the practice is reindexed (search.reindex),
    so the PostgreSQL COPY export reads one joined row instead of aggregating three tables.
    """

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, primary_key=True, related_name="export_lists"
    )
    # Joined with export_columns.MULTI_SEPARATOR, unguarded; the *_json columns hold JSON arrays.
    hurdles = models.TextField(blank=True)
    hurdles_json = models.TextField(default="[]")
    tags = models.TextField(blank=True)
    tags_json = models.TextField(default="[]")
    public_projects = models.TextField(blank=True)
    public_projects_json = models.TextField(default="[]")
    # Internal exports: every attribution, the non-public ones marked.
    all_projects = models.TextField(blank=True)
    all_projects_json = models.TextField(default="[]")

    def __str__(self):
        return str(self.practice_id)
