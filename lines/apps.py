from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinesConfig(AppConfig):
    name = "lines"
    verbose_name = _("Entwicklungslinien")

    def ready(self):
        from lines.sitemaps import LineSitemap
        from site_pages.sitemaps import register

        register("verlauf", LineSitemap)
