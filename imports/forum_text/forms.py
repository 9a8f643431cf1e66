"""Forms of the forum-documentation import: the input, the row corrections, the confirmation."""

import hashlib
from pathlib import PurePath

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from forums.models import Forum
from imports.forum_text.parser import normalize_newlines
from imports.text_files import UnreadableText, decode_text
from practices.models import Practice

MAX_BYTES = 2 * 1024 * 1024
ALLOWED_SUFFIXES = (".txt", ".md", ".markdown", ".text")
PASTED_SOURCE_NAME = _("eingefügter Text")
# A preview may be confirmed for a day; after that it is read again from the text.
PREVIEW_MAX_AGE = 24 * 60 * 60
_SIGNER_SALT = "imports.forum_text.preview"


def _forums():
    return Forum.objects.order_by("-date")


class ForumTextForm(forms.Form):
    """Step 1: which forum, and the documentation as pasted text or a file."""

    forum = forms.ModelChoiceField(
        label=_("Fachforum"),
        queryset=_forums(),
        empty_label=_("– bitte wählen –"),
        error_messages={"required": _("Bitte ein Fachforum wählen.")},
    )
    text = forms.CharField(
        label=_("Text einfügen"),
        required=False,
        strip=False,  # leading blank lines count: line numbers must match the text
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
    )
    file = forms.FileField(
        label=_("oder eine Datei hochladen (.txt oder .md, höchstens 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )
    source_name = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise forms.ValidationError(_("Der Text ist zu lang (höchstens 2 MB)."))
        return normalize_newlines(text)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload:
            return None
        if PurePath(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("Bitte eine Textdatei (.txt oder .md) hochladen."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Die Datei ist zu groß (höchstens 2 MB)."))
        try:
            return normalize_newlines(decode_text(upload.read()))
        except UnreadableText as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        text, from_file = cleaned.get("text"), cleaned.get("file")
        if self.errors:
            return cleaned
        if from_file is not None and text.strip():
            raise forms.ValidationError(
                _("Bitte entweder Text einfügen oder eine Datei hochladen, nicht beides.")
            )
        if from_file is not None:
            cleaned["content"] = from_file
            cleaned["source_name"] = PurePath(self.files["file"].name).name[:255]
        else:
            cleaned["content"] = text
            cleaned["source_name"] = cleaned.get("source_name") or str(PASTED_SOURCE_NAME)
        if not cleaned["content"].strip():
            raise forms.ValidationError(
                _("Bitte den Text einer Forumsdokumentation einfügen oder eine Datei hochladen.")
            )
        return cleaned


def _fingerprint(forum_id, source_name, text):
    digest = hashlib.sha256(f"{forum_id}\n{source_name}\n{text}".encode()).hexdigest()
    return {"forum": forum_id, "source": source_name, "sha256": digest}


def sign_preview(forum, source_name, text):
    """Sign what was previewed, so the confirmation creates exactly that."""
    signer = signing.TimestampSigner(salt=_SIGNER_SALT)
    return signer.sign_object(_fingerprint(forum.pk, source_name, text))


class ConfirmForm(forms.Form):
    """Step 2: the previewed text travels back unchanged, vouched for by its signature."""

    forum = forms.ModelChoiceField(queryset=_forums(), widget=forms.HiddenInput)
    source_name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    text = forms.CharField(strip=False, widget=forms.HiddenInput)
    signature = forms.CharField(widget=forms.HiddenInput)

    def clean_text(self):
        return normalize_newlines(self.cleaned_data["text"])

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            raise forms.ValidationError(_expired())
        signer = signing.TimestampSigner(salt=_SIGNER_SALT)
        try:
            signed = signer.unsign_object(cleaned["signature"], max_age=PREVIEW_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(_expired()) from None
        if signed != _fingerprint(cleaned["forum"].pk, cleaned["source_name"], cleaned["text"]):
            raise forms.ValidationError(_expired())
        return cleaned


def _expired():
    return _(
        "Die Vorschau ist abgelaufen oder wurde verändert. Bitte den Text erneut prüfen lassen."
    )


class RowForm(forms.Form):
    """The corrections a researcher may make to one proposed practice."""

    include = forms.BooleanField(label=_("übernehmen"), required=False)
    category = forms.ChoiceField(label=_("Kategorie"), choices=Practice.Category.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Practice.Status.choices)


RowFormSet = forms.formset_factory(RowForm, extra=0)


def row_initial(proposal):
    return [
        {"include": True, "category": row.category, "status": row.status}
        for row in proposal.practices
    ]
