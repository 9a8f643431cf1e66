"""The Zitieren box, Highwire meta tags, permalinks and citation downloads on the public site."""

import json
import re

import bibtexparser
import pytest
from django.urls import reverse
from django.utils import timezone

from citations.formats import as_bibtex
from citations.records import csl_record
from forums.models import Thementisch
from practices.models import Practice
from tests.conftest import NON_PUBLISHED_STATES, make_forum, make_practice, make_thementisch

EXTENSIONS = ["bib", "ris", "json"]


def file_url(practice, extension):
    return reverse("citations:practice_file", kwargs={"pk": practice.pk, "extension": extension})


def test_practice_page_has_the_citation_box_and_highwire_tags(client, cited):
    html = client.get(cited.get_absolute_url()).content.decode()
    assert '<details class="citation" id="zitieren">' in html
    assert "Forschungsverbund rehapro, 2025." in html
    assert "Stand: 3. März 2025." in html
    today = timezone.localdate()
    assert f"Zugriff am: {today.day}." in html
    assert '<meta name="citation_title" content="Budget &amp; Beratung' in html
    assert '<meta name="citation_author" content="Forschungsverbund rehapro">' in html
    assert '<meta name="citation_publication_date" content="2025/03/03">' in html
    assert '<meta name="citation_public_url" content="https://wissen.example.org/p/9001/">' in html
    assert '<meta name="citation_language" content="de">' in html
    for extension in EXTENSIONS:
        assert f'href="/p/9001/zitat.{extension}"' in html


def test_forum_and_thementisch_pages_have_citations_too(client, identity, db):
    forum = make_forum()
    table = make_thementisch(forum, title="Netzwerke")
    forum_html = client.get(forum.get_absolute_url()).content.decode()
    assert f"/p/fachforum/{forum.pk}/zitat.ris" in forum_html
    assert f'content="{forum.title}"' in forum_html
    table_html = client.get(table.get_absolute_url()).content.decode()
    assert f"/p/thementisch/{table.pk}/zitat.bib" in table_html
    assert f"Netzwerke ({forum.title}) [online]" in table_html


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_downloads_are_attachments_rendered_from_the_record(client, cited, extension):
    response = client.get(file_url(cited, extension))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="rehapro-praxis-9001.{extension}"'
    )
    body = response.content.decode()
    if extension == "bib":
        assert body == as_bibtex(csl_record(cited, response.wsgi_request))
        assert len(bibtexparser.parse_string(body).entries) == 1
    elif extension == "ris":
        assert body.startswith("TY  - ELEC\r\n") and body.endswith("ER  - \r\n")
    else:
        assert json.loads(body)[0]["URL"] == "https://wissen.example.org/p/9001/"


def test_forum_and_thementisch_files_download(client, content):
    table = Thementisch.objects.select_related("forum").first()
    url = reverse("citations:thementisch_file", kwargs={"pk": table.pk, "extension": "ris"})
    assert f"TI  - {table.title} ({table.forum.title})" in client.get(url).content.decode()
    url = reverse("citations:fachforum_file", kwargs={"pk": table.forum.pk, "extension": "json"})
    assert json.loads(client.get(url).content)[0]["title"] == table.forum.title


def test_unknown_format_is_404(client, cited):
    assert client.get(f"/p/{cited.pk}/zitat.docx").status_code == 404


@pytest.mark.parametrize("state", NON_PUBLISHED_STATES)
def test_no_draft_is_ever_cited(client, admin_client, forum, identity, state):
    draft = make_practice(forum, publication_state=state)
    for extension in EXTENSIONS:
        assert client.get(file_url(draft, extension)).status_code == 404
        # Not even for a researcher who may preview the draft's page.
        assert admin_client.get(file_url(draft, extension)).status_code == 404
    assert client.get(f"/p/{draft.pk}/").status_code == 404
    preview = admin_client.get(draft.get_absolute_url()).content.decode()
    assert "citation_title" not in preview
    assert 'class="citation"' not in preview


def test_permalink_redirects_to_the_current_slug_after_a_title_change(client, cited):
    assert client.get("/p/9001/").url == "/praxis/budget-und-beratung/"
    cited.title, cited.slug = "Neuer Titel", "neuer-titel"
    cited.save()
    response = client.get("/p/9001/", follow=True)
    assert response.redirect_chain[-1][0] == "/praxis/neuer-titel/"
    assert response.status_code == 200
    assert "Neuer Titel" in response.content.decode()
    assert 'href="https://wissen.example.org/p/9001/"' in response.content.decode()


def test_forum_and_thementisch_permalinks_redirect(client, content):
    table = Thementisch.objects.select_related("forum").first()
    assert client.get(f"/p/thementisch/{table.pk}/").url == table.get_absolute_url()
    assert client.get(f"/p/fachforum/{table.forum.pk}/").url == table.forum.get_absolute_url()
    assert client.get("/p/fachforum/999999/").status_code == 404


def test_stand_follows_the_content_change_date(client, cited):
    cited.description = "Neu beschrieben"
    cited.save()
    cited.refresh_from_db()
    html = client.get(cited.get_absolute_url()).content.decode()
    stand = timezone.localdate(cited.content_changed_at)
    assert re.search(rf'<time datetime="{stand.isoformat()}">', html)


def test_citation_pages_query_counts(client, cited, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get("/p/9001/").status_code == 302
    for extension in EXTENSIONS:
        with django_assert_max_num_queries(1):
            assert client.get(file_url(cited, extension)).status_code == 200
    table = make_thementisch(cited.forum)
    with django_assert_max_num_queries(1):
        client.get(
            reverse("citations:thementisch_file", kwargs={"pk": table.pk, "extension": "bib"})
        )


def test_practice_page_query_count_unchanged_by_the_citation(
    client, forum, identity, django_assert_max_num_queries
):
    practice = make_practice(forum, tags=["A"], hurdles=["x"])
    assert Practice.objects.published().filter(pk=practice.pk).exists()
    # As pinned in tests/practices/test_project_pages.py (timeline and related practices).
    with django_assert_max_num_queries(8):
        assert 'class="citation"' in client.get(practice.get_absolute_url()).content.decode()
