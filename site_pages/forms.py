"""The contact form, with a honeypot and a signed start time instead of a third-party captcha."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from site_pages.models import Feedback

SALT = "site_pages.feedback.started"
# A person needs more than a few seconds to write a message; a day-old form is a replay.
MIN_SECONDS = 3
MAX_SECONDS = 24 * 60 * 60


def start_token():
    """Return a signed token holding the time the form was shown."""
    return signing.TimestampSigner(salt=SALT).sign("kontakt")


class FeedbackForm(forms.ModelForm):
    # Hidden from people by CSS and from assistive technology; bots fill in every field.
    website = forms.CharField(label=_("Bitte leer lassen"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Feedback
        fields = ("topic", "message", "name", "email", "page_url")
        widgets = {"message": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "email": _("Freiwillig; nur nötig, wenn Sie eine Antwort wünschen."),
            "page_url": _("Freiwillig, z. B. die Adresse eines Eintrags."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "page_url"):
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-hinweis"
        for name in self.errors:
            if name in self.fields and name not in ("started", "website"):
                described = self.fields[name].widget.attrs.get("aria-describedby", "")
                self.fields[name].widget.attrs["aria-describedby"] = (
                    f"{described} id_{name}-fehler".strip()
                )
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def is_spam(self):
        """True when the honeypot is filled: accept silently, store nothing."""
        return bool(self.data.get("website"))

    def clean_started(self):
        token = self.cleaned_data["started"]
        signer = signing.TimestampSigner(salt=SALT)
        try:
            signer.unsign(token, max_age=MAX_SECONDS)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("Das Formular war zu lange geöffnet. Bitte senden Sie es noch einmal ab.")
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("Das Formular ist ungültig. Bitte laden Sie die Seite neu.")
            ) from None
        try:
            signer.unsign(token, max_age=MIN_SECONDS)
        except signing.SignatureExpired:
            return token
        raise forms.ValidationError(
            _(
                "Das ging sehr schnell. Bitte prüfen Sie Ihre Nachricht "
                "und senden Sie sie noch einmal ab."
            )
        )
