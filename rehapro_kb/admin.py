"""The admin site as a whole: German titles, and a login that says why a researcher is refused."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("rehapro-kb – Redaktion")
admin.site.site_title = _("rehapro-kb – Redaktion")
admin.site.index_title = _("Übersicht")


class ResearcherLoginForm(AdminAuthenticationForm):
    """Admin login that tells an account with the right password but no role what is missing."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "no_role": _(
            "Die Anmeldedaten stimmen, aber dieses Konto hat keinen Zugang zur Redaktion. "
            "Bitte wenden Sie sich an die Administration, damit Ihnen eine Rolle "
            "(Redaktion, Freigabe oder Administration) zugewiesen wird."
        ),
    }

    def confirm_login_allowed(self, user):
        if user.is_active and not user.is_staff:
            raise ValidationError(self.error_messages["no_role"], code="no_role")
        super().confirm_login_allowed(user)


admin.site.login_form = ResearcherLoginForm
