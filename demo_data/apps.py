from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoDataConfig(AppConfig):
    name = "demo_data"
    verbose_name = _("Demodaten")
