"""The English pages under /en/: English UI, German content marked lang="de", German at the root."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.html import escape

from practices.models import Practice
from tests.conftest import make_practice
from tests.i18n.german_text import german_strings_in, german_ui_strings

pytestmark = pytest.mark.django_db

# The main public pages, one of each type (the curated content's addresses).
PAGES = [
    "/",
    "/praxis/",
    "/praxis/?kategorie=finanzierung&status=geplant&q=Budget",
    "/praxis/?q=Netzwrk",
    "/praxis/2025-resilienz-trainings-weiterhin-anbieten/",
    "/huerden/",
    "/foren/",
    "/foren/fachforum-2025/",
    "/foren/fachforum-2023/ag-2-netzwerkarbeit/",
    "/projekte/",
    "/projekte/proges/",
    "/glossar/",
    "/suche/?q=Einstiegsgeld",
    "/kontakt/",
    "/statistik/",
    "/statistik/?forum=fachforum-2025",
    "/verlauf/",
    "/gibt-es-nicht/",
]


@pytest.fixture(scope="module")
def german_strings():
    return german_ui_strings()


@pytest.mark.parametrize("path", PAGES)
def test_english_pages_show_no_german_ui_string_outside_content(
    client, content, german_strings, path
):
    response = client.get(f"/en{path}")
    assert response.status_code == (404 if "gibt-es-nicht" in path else 200)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert german_strings_in(html, german_strings) == []


@pytest.mark.parametrize("path", PAGES)
def test_german_stays_at_the_root_and_shows_its_ui_strings(client, content, german_strings, path):
    html = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de"' in html
    assert german_strings_in(html, german_strings)  # the same check finds German here


def test_the_checker_finds_a_german_string_on_an_english_page(german_strings):
    html = '<html lang="en"><body><p>Keine Praxisbeispiele gefunden.</p><p lang="de">Hürden</p>'
    assert german_strings_in(html, german_strings) == ["Keine Praxisbeispiele gefunden."]


@pytest.fixture
def lines(content):
    """The curated lines of development on top of the curated content."""
    from lines.content import load_lines
    from lines.models import Line

    load_lines()
    return Line.objects.public()


def _pages_with_lines(lines):
    """Return a public line, its members and the pages showing lines or a comparison."""
    line = lines.order_by("slug").first()
    members = list(line.memberships.in_path_order())
    published = Practice.objects.published().order_by("pk")
    ids = ",".join(str(pk) for pk in published.values_list("pk", flat=True)[:3])
    with translation.override("de"):  # the addresses without the /en/ prefix
        paths = [
            "/verlauf/",
            line.get_absolute_url(),
            members[0].practice.get_absolute_url(),
            members[-1].practice.get_absolute_url(),
            f"/vergleich/?ids={ids}",
            f"/vergleich/?ids={ids}&nur_unterschiede=1",
            "/vergleich/?ids=1",
        ]
    return line, members, paths


def test_english_pages_with_lines_and_comparisons_show_no_german_ui_string(
    client, lines, german_strings
):
    _line, _members, paths = _pages_with_lines(lines)
    for path in paths:
        response = client.get(f"/en{path}")
        assert response.status_code in (200, 400), path
        html = response.content.decode()
        assert '<html lang="en"' in html, path
        assert german_strings_in(html, german_strings) == [], path


def test_line_and_comparison_content_is_marked_german(client, lines):
    line, members, _paths = _pages_with_lines(lines)
    html = client.get(f"/en{line.get_absolute_url()}").content.decode()
    assert f'<h1 lang="de">{escape(line.title)}</h1>' in html
    assert f'<span lang="de">{escape(members[-1].reason)}</span>' in html
    listing = client.get("/en/verlauf/").content.decode()
    assert f'lang="de">{escape(line.title)}</a>' in listing
    practice = members[0].practice
    with translation.override("de"):  # the addresses without the /en/ prefix
        path = practice.get_absolute_url()
    detail = client.get(f"/en{path}").content.decode()
    assert f'<strong lang="de">{escape(practice.title)}</strong>' in detail
    assert f'line of development “<span lang="de">{escape(line.title)}</span>”' in detail
    first, second = Practice.objects.published().order_by("pk")[:2]
    compare = client.get(f"/en/vergleich/?ids={first.pk},{second.pk}").content.decode()
    assert f'lang="de">{escape(first.title)}</a>' in compare
    assert '<td><div lang="de">' in compare


def test_content_stays_german_and_is_marked_so(client, content):
    practice = Practice.objects.published().get(slug="2025-resilienz-trainings-weiterhin-anbieten")
    html = client.get(f"/en{practice.get_absolute_url()}").content.decode()
    assert f'<h1 lang="de">{practice.title}</h1>' in html
    assert '<div class="description" lang="de">' in html
    assert ">Classification</h2>" in html


def test_domain_terms_keep_their_german_name_with_a_gloss(client, content):
    html = client.get("/en/foren/").content.decode()
    assert (
        "Fachforen (specialist forums) “Jobcenter der Zukunft” (job centre of the future)" in html
    )
    forum = client.get("/en/foren/fachforum-2025/").content.decode()
    assert "Thementische (theme tables) and working groups" in forum


def test_the_language_switch_leads_to_the_same_page_with_its_filters(client, content):
    query = "kategorie=finanzierung&status=geplant&q=Budget"
    german = client.get(f"/praxis/?{query}").content.decode()
    assert (
        f'href="/en/praxis/?{query.replace("&", "&amp;")}" hreflang="en" lang="en">English<'
        in german
    )
    english = client.get(f"/en/praxis/?{query}").content.decode()
    assert (
        f'href="/praxis/?{query.replace("&", "&amp;")}" hreflang="de" lang="de">Deutsch<' in english
    )


def test_the_language_switch_of_a_missing_page_swaps_the_prefix(client, db):
    html = client.get("/en/gibt-es-nicht/").content.decode()
    assert 'href="/gibt-es-nicht/" hreflang="de"' in html
    assert "Page not found" in html


def test_every_page_links_its_language_versions(client, content):
    html = client.get("/en/foren/fachforum-2025/?x=1").content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))
    assert links == {
        "de": "http://testserver/foren/fachforum-2025/",
        "en": "http://testserver/en/foren/fachforum-2025/",
        "x-default": "http://testserver/foren/fachforum-2025/",
    }
    assert '<meta property="og:locale" content="en_GB">' in html


def test_a_draft_never_appears_on_english_pages(client, forum):
    draft = make_practice(
        forum,
        title="Englischer Entwurf Quokka",
        publication_state=Practice.PublicationState.ENTWURF,
    )
    assert "Quokka" not in client.get("/en/praxis/").content.decode()
    assert "Quokka" not in client.get("/en/suche/?q=Englischer").content.decode()
    assert client.get(f"/en{draft.get_absolute_url()}").status_code == 404


def test_the_admin_stays_german_whatever_the_browser_asks_for(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert 'lang="de"' in response.content.decode()
    assert client.get("/en/admin/login/").status_code == 404


def test_the_english_list_costs_no_more_queries_than_the_german_one(
    client, content, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert client.get("/en/praxis/?kategorie=finanzierung").status_code == 200


def test_the_page_cache_keeps_languages_apart(client, content, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    try:
        english = client.get("/en/praxis/").content.decode()
        german = client.get("/praxis/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        english_again = client.get("/en/praxis/").content.decode()
    finally:
        cache.clear()
    assert '<html lang="en"' in english and '<html lang="en"' in english_again
    assert '<html lang="de"' in german


def test_the_sitemap_lists_both_languages_with_alternates(client, content):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/en/praxis/</loc>" in xml
    assert "<loc>http://testserver/praxis/</loc>" in xml
    assert 'hreflang="x-default" href="http://testserver/praxis/"' in xml


def test_robots_txt_keeps_crawlers_out_of_the_english_exports_too(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /en/praxis/export.csv" in body
    assert "Disallow: /praxis/export.csv" in body


def test_legal_pages_are_translated_until_the_administration_edits_them(client, db):
    from site_pages.models import LegalPage

    html = client.get("/en/datenschutz/").content.decode()
    assert "<h1>Privacy policy</h1>" in html and "In short" in html
    LegalPage.objects.create(kind="datenschutz", title="Datenschutz neu", body="Nur Deutsch.")
    edited = client.get("/en/datenschutz/").content.decode()
    assert '<h1 lang="de">Datenschutz neu</h1>' in edited
