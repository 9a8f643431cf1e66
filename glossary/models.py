"""The glossary: abbreviations and synonyms of the field, explained for people and search."""

import reversion
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rehapro_kb.models import TimeStampedModel


def normalise(form):
    """Return a form as people type it, compared: lower case, single spaces."""
    return " ".join(form.split()).lower()


class TermQuerySet(models.QuerySet):
    def public(self):
        """Terms anyone may see and search expands with; the one visibility rule."""
        return self.filter(is_public=True)


class Term(TimeStampedModel):
    """One abbreviation or term with its spelled-out form, equivalent forms and explanation."""

    short = models.CharField(
        _("Kurzform"),
        max_length=60,
        unique=True,
        help_text=_("Abkürzung oder Begriff, wie er geschrieben wird, z. B. „JC“ oder „SGB II“."),
    )
    long = models.CharField(
        _("Langform"),
        max_length=200,
        blank=True,
        help_text=_("Ausgeschrieben, z. B. „Jobcenter“."),
    )
    variants = models.TextField(
        _("weitere Formen"),
        blank=True,
        help_text=_(
            "Eine gleichbedeutende Form pro Zeile, z. B. „Krankenkasse“ für „GKV“. "
            "Beugungsformen (Plural, Genitiv) sind nicht nötig."
        ),
    )
    explanation = models.TextField(_("Erklärung"), help_text=_("Kurz und in einfachem Deutsch."))
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    is_public = models.BooleanField(
        _("öffentlich"),
        default=True,
        help_text=_("Nur öffentliche Begriffe stehen im Glossar und erweitern die Suche."),
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = [Lower("short")]
        verbose_name = _("Glossarbegriff")
        verbose_name_plural = _("Glossarbegriffe")

    def __str__(self):
        return f"{self.short} – {self.long}" if self.long else self.short

    def get_absolute_url(self):
        return f"{reverse('glossary:index')}#{self.slug}"

    def variant_lines(self):
        return [line.strip() for line in self.variants.splitlines() if line.strip()]

    def forms(self):
        """Return every equivalent form of this term, normalised (short, long, variants)."""
        forms = {normalise(f) for f in (self.short, self.long, *self.variant_lines())}
        forms.discard("")
        return frozenset(forms)


reversion.register(Term)
