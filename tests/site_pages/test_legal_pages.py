"""Impressum, Datenschutz, Barrierefreiheit: default texts, admin edits, footer links."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from practices.roles import ADMINISTRATION
from site_pages.models import LegalPage
from tests.conftest import client_for

LEGAL = ["impressum", "datenschutz", "barrierefreiheit", "kontakt"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", LEGAL)
def test_every_public_page_links_the_legal_pages_in_its_footer(client, content, kind):
    for path in ("/", "/praxis/", "/foren/", f"/{kind}/"):
        html = client.get(path).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'href="/{kind}/"' in footer


@pytest.mark.django_db
def test_default_privacy_text_names_what_the_site_really_does(client, settings):
    settings.SITE_CONTACT_EMAIL = "kontakt@example.org"
    html = client.get("/datenschutz/").content.decode()
    for words in (
        "keine Analyse- oder Tracking-Werkzeuge",
        "Server-Protokolle",
        "Anmeldung",
        "Kontaktformular",
        "Exporte",
        "Cookies",
    ):
        assert words in html
    assert '<a href="mailto:kontakt@example.org">kontakt@example.org</a>' in html


@pytest.mark.django_db
def test_accessibility_statement_follows_the_bitv_model(client):
    html = client.get("/barrierefreiheit/").content.decode()
    for words in (
        "Stand der Vereinbarkeit",
        "teilweise vereinbar",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Barrieren melden",
        "Schlichtungsverfahren",
        "schlichtungsstelle-bgg.de",
        'href="/kontakt/"',
    ):
        assert words in html


@pytest.mark.django_db
def test_impressum_names_the_configured_operator(client, settings):
    settings.SITE_OPERATOR = "Forschungsverbund Beispiel"
    html = client.get("/impressum/").content.decode()
    assert "<h1>Impressum</h1>" in html
    assert "Forschungsverbund Beispiel" in html


@pytest.mark.django_db
def test_edited_text_replaces_the_default_and_cannot_inject_markup(client):
    LegalPage.objects.create(
        kind="impressum", title="Impressum", body="## Anbieter\n\nWir <script>alert(1)</script>"
    )
    html = client.get("/impressum/").content.decode()
    assert "<h2>Anbieter</h2>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Stand dieser Seite:" in html


@pytest.mark.django_db
def test_administration_edits_a_legal_page_in_the_admin_with_versions(users):
    client = client_for(users[ADMINISTRATION])
    add_url = reverse("admin:site_pages_legalpage_add") + "?kind=datenschutz"
    form = client.get(add_url)
    assert form.status_code == 200
    assert "Server-Protokolle" in form.content.decode()  # prefilled with the default text
    response = client.post(
        add_url, {"kind": "datenschutz", "title": "Datenschutz", "body": "Neuer Text"}
    )
    assert response.status_code == 302
    page = LegalPage.objects.get(kind="datenschutz")
    change_url = reverse("admin:site_pages_legalpage_change", args=[page.pk])
    client.post(change_url, {"title": "Datenschutz", "body": "Zweiter Text"})
    assert Version.objects.get_for_object(page).count() == 2
    assert "Zweiter Text" in client_for(None).get("/datenschutz/").content.decode()


@pytest.mark.django_db
def test_redaktion_cannot_edit_legal_pages(users):
    from practices.roles import REDAKTION

    client = client_for(users[REDAKTION])
    assert client.get(reverse("admin:site_pages_legalpage_changelist")).status_code == 403
    assert reversion.is_registered(LegalPage)
