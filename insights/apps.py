from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Auswertungen und Feeds")

    def ready(self):
        from insights.sitemaps import StatisticsSitemap
        from site_pages.sitemaps import register

        register("statistik", StatisticsSitemap)
