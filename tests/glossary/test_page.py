"""The public glossary page /glossar/: alphabetical, anchored, drafts hidden, linked, cached."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from glossary.models import Term
from tests.glossary.conftest import make_term

pytestmark = pytest.mark.django_db

URL = "/glossar/"


def test_the_glossary_page_lists_the_seed_terms_in_a_definition_list(client, content):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dl class="glossary">' in html
    assert '<dt id="jc">JC <span class="glossary-long">– Jobcenter</span></dt>' in html
    assert 'id="gkv"' in html and "Krankenkasse" in html
    assert 'id="sgb-ii"' in html and "Zweites Buch Sozialgesetzbuch" in html


def test_letters_navigate_to_their_section_and_umlauts_file_under_their_base_letter(
    client, content
):
    html = client.get(URL).content.decode()
    nav = re.search(r'<nav class="letter-nav".*?</nav>', html, re.S).group()
    letters = re.findall(r'<a href="#(buchstabe-[a-z]+)">([A-Z])</a>', nav)
    assert [letter for _anchor, letter in letters] == sorted(letter for _a, letter in letters)
    for anchor, _letter in letters:
        assert f'<h2 id="{anchor}">' in html
    o_section = html.split('<h2 id="buchstabe-o">')[1].split("<h2 ")[0]
    assert 'id="oegd"' in o_section and 'id="oepnv"' in o_section
    assert "Ä" not in [letter for _anchor, letter in letters]


def test_a_draft_term_is_not_on_the_page(client, content):
    make_term("ENTWURFSBEGRIFF", long="Nur intern", explanation="Geheim.", is_public=False)
    html = client.get(URL).content.decode()
    assert "ENTWURFSBEGRIFF" not in html and "Nur intern" not in html


def test_term_texts_are_escaped(client, content):
    make_term("XSS", long="<script>alert(1)</script>", explanation='"><img src=x onerror=1>')
    html = client.get(URL).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_page_links_to_the_glossary(client, content):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("glossary:index")}"' in html


def test_a_term_links_to_its_anchor(content):
    assert Term.objects.get(short="JC").get_absolute_url() == "/glossar/#jc"


def test_the_glossary_page_needs_one_query(client, content, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get(URL).status_code == 200


def test_an_empty_glossary_says_so(client, content):
    Term.objects.all().delete()
    assert "Das Glossar ist noch leer." in client.get(URL).content.decode()


def test_the_page_is_served_from_the_cache_until_a_term_changes(
    client, content, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert len(queries) == 1  # the content version only
    with django_capture_on_commit_callbacks(execute=True):
        Term.objects.get(short="VHS").delete()
    assert 'id="vhs"' not in client.get(URL).content.decode()
