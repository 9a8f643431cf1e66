"""One row per searchable piece of public knowledge, whatever its kind."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """A hit of the site-wide search: its kind, origin, text and indexed tokens."""

    class Kind(models.TextChoices):
        PRAXIS = "praxis", _("Praxisbeispiel")
        HUERDE = "huerde", _("Hürde")
        ERGEBNIS = "ergebnis", _("Ergebnis eines Thementischs")
        THEMENTISCH = "thementisch", _("Thementisch")
        FORUM = "forum", _("Fachforum")
        PROJEKT = "projekt", _("Projekt")

    # "practice:<slug>", "hurdle:<slug>/<n>", "result:<forum>/<thementisch>/<n>", ...
    key = models.CharField(_("Schlüssel"), max_length=300, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind, db_index=True)
    title = models.CharField(_("Titel"), max_length=300)
    text = models.TextField(_("Text"), blank=True)
    url = models.CharField(_("Adresse"), max_length=500)
    forum_label = models.CharField(_("Fachforum"), max_length=300, blank=True)
    thementisch_label = models.CharField(_("Thementisch"), max_length=300, blank=True)
    # Aspect and tags of a practice: searched and offered as suggestions, not shown.
    labels = models.TextField(_("Stichworte"), blank=True)
    # What the document was made from: deleting that deletes the document.
    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.CASCADE, null=True, related_name="+"
    )
    forum = models.ForeignKey("forums.Forum", on_delete=models.CASCADE, null=True, related_name="+")
    thementisch = models.ForeignKey(
        "forums.Thementisch", on_delete=models.CASCADE, null=True, related_name="+"
    )
    project = models.ForeignKey(
        "practices.Project", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # Tokens of practices.search.german; both databases index exactly these.
    title_tokens = models.TextField(editable=False, blank=True)
    body_tokens = models.TextField(editable=False, blank=True)
    # Maintained by sitesearch.index on PostgreSQL; unused (NULL) on SQLite. The title's
    # own small vector ranks: ts_rank over the whole vector of every match was too slow.
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["kind", "id"]
        # One kind's hits in id order (/suche/?art=…) without walking the other kinds' rows.
        indexes = [models.Index(fields=["kind", "id"], name="searchdocument_kind_id")]
        verbose_name = _("Suchdokument")
        verbose_name_plural = _("Suchdokumente")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return self.url
