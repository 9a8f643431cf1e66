from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkcheckConfig(AppConfig):
    name = "linkcheck"
    verbose_name = _("Linkprüfung")

    def ready(self):
        from linkcheck import broken, signals  # noqa: F401  (connects the receivers)
