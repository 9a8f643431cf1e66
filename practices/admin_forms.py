"""The practice form of the admin: no lost updates, a warning about near-duplicates."""

import difflib
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from reversion.models import Version
from taggit.models import Tag

from practices.models import Practice, Project

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


# Texts longer than this (or with line breaks) are compared word by word.
LONG_TEXT = 120
CONTEXT_WORDS = 6


def text_changes(before, after):
    """Describe word by word where `after` differs from `before`, with a little context."""
    old, new = str(before).split(), str(after).split()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        words = [" ".join(old[max(0, i1 - CONTEXT_WORDS) : i1])]
        if i1 < i2:
            words.append(_("[Ihre Fassung: %(words)s]") % {"words": " ".join(old[i1:i2])})
        if j1 < j2:
            words.append(_("[jetzt: %(words)s]") % {"words": " ".join(new[j1:j2])})
        words.append(" ".join(old[i2 : i2 + CONTEXT_WORDS]))
        hunks.append("„…" + " ".join(w for w in words if w) + "…“")
    return "; ".join(hunks) or _("nur Leerzeichen oder Zeilenumbrüche")


def _difference(label, before, after):
    texts = isinstance(before, str) and isinstance(after, str)
    if texts and (max(len(before), len(after)) > LONG_TEXT or "\n" in before + after):
        return f"{label}: {text_changes(before, after)}"
    return _("%(field)s: jetzt „%(after)s“ (Ihre Fassung: „%(before)s“)") % {
        "field": label,
        "before": before,
        "after": after,
    }


def _listed(items):
    return "; ".join(f"„{item}“" for item in items) or _("keine")


def _parts_now(practice):
    return {
        "tags": sorted(tag.name for tag in practice.tags.all()),
        "hurdles": [hurdle.text for hurdle in practice.hurdles.all()],
        "projects": sorted(
            _attribution_label(a.project, a.is_public)
            for a in practice.attributions.select_related("project")
        ),
    }


def _attribution_label(project, is_public):
    return str(project) + ("" if is_public else _(" (nicht öffentlich)"))


def _parts_in(version, practice_pk):
    """Read the hurdles, tags and project links stored with a version of the practice."""
    fields = {"hurdle": [], "taggedpractice": [], "projectattribution": []}
    for stored in version.revision.version_set.select_related("content_type"):
        if stored.content_type.model in fields:
            fields[stored.content_type.model].append(stored.field_dict)
    owned = {
        model: [f for f in rows if f.get("practice_id", f.get("content_object_id")) == practice_pk]
        for model, rows in fields.items()
    }
    tags = Tag.objects.in_bulk([f["tag_id"] for f in owned["taggedpractice"]])
    projects = Project.objects.in_bulk([f["project_id"] for f in owned["projectattribution"]])
    hurdles = sorted(owned["hurdle"], key=lambda f: (f["position"], f["id"]))
    return {
        "tags": sorted(
            tags[f["tag_id"]].name for f in owned["taggedpractice"] if f["tag_id"] in tags
        ),
        "hurdles": [f["text"] for f in hurdles],
        "projects": sorted(
            _attribution_label(projects[f["project_id"]], f["is_public"])
            for f in owned["projectattribution"]
            if f["project_id"] in projects
        ),
    }


PART_LABELS = {
    "tags": _lazy("Schlagworte"),
    "hurdles": _lazy("Hürden"),
    "projects": _lazy("Projektzuordnungen"),
}


def describe_changes(practice, since_token, submitted):
    """List who changed what since the edit began: from the history, else against the input."""
    versions = Version.objects.get_for_object(practice).select_related("revision__user")
    latest = versions.first()
    older = next(
        (v for v in versions if str(v.field_dict.get("edit_token")) == str(since_token)), None
    )
    lines = []
    if latest is not None:
        who = latest.revision.user.get_username() if latest.revision.user else _("unbekannt")
        when = formats.date_format(
            timezone.localtime(latest.revision.date_created), "DATETIME_FORMAT"
        )
        lines.append(_("Zuletzt gespeichert von %(who)s am %(when)s.") % {"who": who, "when": when})
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
            lines.append(_difference(field.verbose_name, before or "", after or ""))
    now = _parts_now(practice)
    before_parts = _parts_in(older, practice.pk) if older is not None else {}
    if older is None and "tags" in submitted:
        before_parts["tags"] = sorted(submitted["tags"] or ())
    for name, label in PART_LABELS.items():
        if name not in before_parts:
            # Without the version the edit began from, show what is stored now.
            lines.append(
                _("%(field)s jetzt: %(items)s") % {"field": label, "items": _listed(now[name])}
            )
        elif before_parts[name] != now[name]:
            lines.append(
                _("%(field)s: jetzt %(after)s (Ihre Fassung: %(before)s)")
                % {
                    "field": label,
                    "after": _listed(now[name]),
                    "before": _listed(before_parts[name]),
                }
            )
    return lines


class PracticeAdminForm(forms.ModelForm):
    expected_token = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("Trotz ähnlichem Titel speichern"),
        required=False,
        help_text=_("Nur nötig, wenn eine Warnung zu ähnlichen Titeln erscheint."),
    )

    check_stale = True
    # Set when this form's save lost a race after its check: refuse it as stale.
    save_raced = False
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
        if submitted == current and not self.save_raced:
            self.checked_token = current
            return
        # Show the current token from now on, so saving again (after reading) succeeds.
        self.data = self.data.copy()
        self.data[self.add_prefix("expected_token")] = str(current)
        fresh = Practice.objects.get(pk=self.instance.pk)
        if submitted is None:
            reason = _(
                "Es ist nicht erkennbar, von welchem Stand dieses Eintrags Ihre Bearbeitung "
                "ausging; Ihre Änderungen wurden noch nicht gespeichert."
            )
        else:
            reason = _(
                "Dieser Eintrag wurde gespeichert, während Sie ihn bearbeitet haben; "
                "Ihre Änderungen wurden noch nicht gespeichert."
            )
        advice = _(
            "Ihre Eingaben sind unten erhalten: prüfen Sie die Unterschiede und speichern Sie "
            "erneut."
        )
        raise ValidationError(
            [
                ValidationError(message, code="stale")
                for message in (reason, *describe_changes(fresh, submitted, cleaned), advice)
            ]
        )
