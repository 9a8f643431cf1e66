"""German names for the third-party apps the researchers see in the admin."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class TaggitConfig(TaggitAppConfig):
    verbose_name = _("Schlagworte")


class AxesConfig(AxesAppConfig):
    verbose_name = _("Anmeldeversuche")
