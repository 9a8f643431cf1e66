from lines.models import Line
from site_pages.sitemaps import PublicSitemap


class LineSitemap(PublicSitemap):
    def items(self):
        return Line.objects.public().order_by("slug")

    def lastmod(self, line):
        return line.updated_at
