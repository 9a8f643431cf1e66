"""Site name, operator, favicon, Open Graph and schema.org on the public pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_identity_comes_from_the_settings(client, content, settings):
    settings.SITE_NAME = "Wissen rehapro"
    settings.SITE_OPERATOR = "Verbund Beispiel"
    html = client.get("/praxis/").content.decode()
    assert "<title>Praxisbeispiele · Wissen rehapro</title>" in html
    assert '<meta property="og:site_name" content="Wissen rehapro">' in html
    assert '<span itemprop="name">Verbund Beispiel</span>' in html
    assert 'itemtype="https://schema.org/WebSite"' in html


def test_practice_page_has_a_social_preview_with_absolute_urls(client, content, settings):
    settings.SITE_URL = "https://wissen.example.org"
    path = "/praxis/2025-resilienz-trainings-weiterhin-anbieten/"
    html = client.get(path).content.decode()
    assert '<meta property="og:title" content="Resilienz-Trainings weiterhin anbieten">' in html
    assert f'<meta property="og:url" content="https://wissen.example.org{path}">' in html
    assert '<meta property="og:image" content="https://wissen.example.org/static/img/' in html
    assert f'<link rel="canonical" href="https://wissen.example.org{path}">' in html


def test_every_page_links_the_favicons(client, content):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"' in html
    assert 'rel="icon" href="/static/img/favicon.ico"' in html
    assert 'rel="apple-touch-icon"' in html
