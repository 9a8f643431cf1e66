"""The evidence map's entry in sitemap.xml."""

from django.urls import reverse

from site_pages.sitemaps import PublicSitemap


class StatisticsSitemap(PublicSitemap):
    def items(self):
        return ["insights:statistics"]

    def location(self, name):
        return reverse(name)
