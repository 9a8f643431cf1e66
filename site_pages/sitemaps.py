"""sitemap.xml: every public page, from the same visibility rules as the pages themselves.

Other apps add their sections with `register("huerden", HurdleSitemap)` in their
AppConfig.ready(); the sitemap view reads SITEMAPS on each request.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from forums.models import Forum, Thementisch
from practices.models import Practice, Project


class PublicSitemap(Sitemap):
    """Use the public address from SITE_URL when it is set; list each page in both languages."""

    # German at the root, English under /en/, linked to each other with hreflang.
    i18n = True
    alternates = True
    x_default = True

    @property
    def protocol(self):
        if not settings.SITE_URL:
            return None  # the request's
        return settings.SITE_URL.split("://", 1)[0]

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return settings.SITE_URL.split("://", 1)[-1]
        return super().get_domain(site)


class PracticeSitemap(PublicSitemap):
    priority = 0.8

    def items(self):
        return Practice.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, practice):
        return practice.updated_at


class ForumSitemap(PublicSitemap):
    def items(self):
        return Forum.objects.order_by("pk").only("slug")


class ThementischSitemap(PublicSitemap):
    def items(self):
        return Thementisch.objects.select_related("forum").order_by("pk")


class ProjectSitemap(PublicSitemap):
    def items(self):
        return Project.objects.order_by("pk").only("slug")


class StaticPagesSitemap(PublicSitemap):
    """The list pages, the glossary and the legal pages."""

    def items(self):
        return [
            "home",
            "practices:list",
            "forums:list",
            "practices:project_list",
            "practices:hurdle_list",
            "glossary:index",
            "site_pages:impressum",
            "site_pages:datenschutz",
            "site_pages:barrierefreiheit",
            "site_pages:kontakt",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "seiten": StaticPagesSitemap,
    "praxis": PracticeSitemap,
    "foren": ForumSitemap,
    "thementische": ThementischSitemap,
    "projekte": ProjectSitemap,
}


def register(name, sitemap_class):
    """Add a section (e.g. /huerden/, /glossar/) to sitemap.xml."""
    SITEMAPS[name] = sitemap_class
