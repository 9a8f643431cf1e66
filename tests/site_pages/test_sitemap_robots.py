"""sitemap.xml lists every public page and no draft; robots.txt points to it."""

import pytest

from practices.models import Practice
from site_pages.sitemaps import PublicSitemap, register
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_entries_forums_projects_and_legal_pages(client, content, forum):
    draft = make_practice(forum, publication_state=Practice.PublicationState.ENTWURF)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    published = Practice.objects.published().first()
    for path in (
        published.get_absolute_url(),
        "/foren/fachforum-2025/",
        "/foren/fachforum-2023/ag-2-netzwerkarbeit/",
        "/projekte/proges/",
        "/impressum/",
        "/barrierefreiheit/",
        "/praxis/",
        "/huerden/",
        "/glossar/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in xml, path
    assert draft.get_absolute_url() not in xml
    assert xml.count("<url>") >= Practice.objects.published().count()


def test_sitemap_uses_the_public_address_and_takes_new_sections(client, settings):
    settings.SITE_URL = "https://wissen.example.org"

    class Extra(PublicSitemap):
        def items(self):
            return ["x"]

        def location(self, item):
            return "/huerden/"

    register("test-extra", Extra)
    try:
        xml = client.get("/sitemap.xml").content.decode()
    finally:
        from site_pages.sitemaps import SITEMAPS

        SITEMAPS.pop("test-extra")
    assert "<loc>https://wissen.example.org/huerden/</loc>" in xml


def test_robots_txt_keeps_crawlers_out_of_admin_and_exports(client, settings):
    settings.SITE_URL = "https://wissen.example.org"
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Disallow: /praxis/export.csv" in body
    assert "Sitemap: https://wissen.example.org/sitemap.xml" in body


def test_favicon_ico_at_the_root_leads_to_the_static_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
