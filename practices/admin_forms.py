"""The practice form of the admin: no lost updates, a warning about near-duplicates."""

import difflib
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from reversion.models import Version

from practices.models import Practice

COMPARED_FIELDS = (
    "title",
    "description",
    "category",
    "status",
    "aspect",
    "forum_id",
    "thementisch_id",
    "source_section",
    "publication_state",
)
DUPLICATE_RATIO = 0.85


def parse_token(raw):
    try:
        return uuid.UUID(str(raw))
    except (TypeError, ValueError):
        return None


def similar_titles(forum, title, exclude_pk=None):
    """Titles in the same forum that read almost like this one."""
    wanted = title.casefold().strip()
    others = (
        Practice.objects.filter(forum=forum).exclude(pk=exclude_pk).values_list("title", flat=True)
    )
    return [
        other
        for other in others
        if difflib.SequenceMatcher(None, wanted, other.casefold().strip()).ratio()
        >= DUPLICATE_RATIO
    ]


def describe_changes(practice, since_token, submitted):
    """Say who changed what since the edit began: from the history, else against the input."""
    versions = Version.objects.get_for_object(practice).select_related("revision__user")
    latest = versions.first()
    older = next(
        (v for v in versions if str(v.field_dict.get("edit_token")) == str(since_token)), None
    )
    parts = []
    if latest is not None:
        who = latest.revision.user.get_username() if latest.revision.user else _("unbekannt")
        when = formats.date_format(latest.revision.date_created, "DATETIME_FORMAT")
        parts.append(_("Zuletzt gespeichert von %(who)s am %(when)s.") % {"who": who, "when": when})
    changed = []
    for name in COMPARED_FIELDS:
        field = Practice._meta.get_field(name.removesuffix("_id"))
        after = getattr(practice, field.attname)
        if older is not None:
            before = older.field_dict.get(field.attname)
        elif field.name in submitted:
            value = submitted[field.name]
            before = getattr(value, "pk", value)
        else:
            continue
        if before != after:
            changed.append(
                _("%(field)s: jetzt „%(after)s“ (Ihre Fassung: „%(before)s“)")
                % {
                    "field": field.verbose_name,
                    "before": str(before)[:120],
                    "after": str(after)[:120],
                }
            )
    if changed:
        parts.append(_("Unterschiede: ") + "; ".join(changed) + ".")
    return " ".join(parts)


class PracticeAdminForm(forms.ModelForm):
    expected_token = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("Trotz ähnlichem Titel speichern"),
        required=False,
        help_text=_("Nur nötig, wenn eine Warnung zu ähnlichen Titeln erscheint."),
    )

    check_stale = True
    # The edit token the save must still find (None: not checked); set by clean().
    checked_token = None

    class Meta:
        model = Practice
        fields = "__all__"  # noqa: DJ007 - the admin picks the fields through its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "expected_token" in self.fields:
            self.fields["expected_token"].initial = str(self.instance.edit_token)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            if self.check_stale:
                self._check_not_stale(cleaned)
        elif cleaned.get("forum") and cleaned.get("title") and not cleaned.get("confirm_duplicate"):
            matches = similar_titles(cleaned["forum"], cleaned["title"])
            if matches:
                raise ValidationError(
                    _(
                        "Im selben Fachforum gibt es schon ähnliche Titel: %(titles)s. "
                        "Wenn es trotzdem ein eigenes Praxisbeispiel ist, setzen Sie das Häkchen "
                        "„Trotz ähnlichem Titel speichern“ und speichern Sie erneut."
                    )
                    % {"titles": "; ".join(f"„{t}“" for t in matches[:5])}
                )
        return cleaned

    def _check_not_stale(self, cleaned):
        submitted = parse_token(cleaned.get("expected_token"))
        current = (
            Practice.objects.filter(pk=self.instance.pk)
            .values_list("edit_token", flat=True)
            .first()
        )
        if submitted is None or submitted == current:
            self.checked_token = current
            return
        # Show the current token from now on, so saving again (after reading) succeeds.
        self.data = self.data.copy()
        self.data[self.add_prefix("expected_token")] = str(current)
        fresh = Practice.objects.get(pk=self.instance.pk)
        raise ValidationError(
            _(
                "Dieser Eintrag wurde gespeichert, während Sie ihn bearbeitet haben; "
                "Ihre Änderungen wurden noch nicht gespeichert. %(changes)s Ihre Eingaben "
                "sind unten erhalten: prüfen Sie die Unterschiede und speichern Sie erneut."
            )
            % {"changes": describe_changes(fresh, submitted, cleaned)},
            code="stale",
        )
