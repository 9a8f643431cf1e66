"""<abbr> explanations in practice and forum texts: escaped first, first occurrence only."""

import pytest
from django.template import Context, Template

from forums.models import Thementisch
from glossary.templatetags.glossary_abbr import glossary_abbr
from tests.conftest import make_practice
from tests.glossary.conftest import make_term

pytestmark = pytest.mark.django_db


def test_the_first_occurrence_of_each_abbreviation_is_explained(content):
    html = glossary_abbr("Das JC und die DRV: JC-Team, SGB II und SGB IX.")
    assert html == (
        'Das <abbr title="Jobcenter">JC</abbr> und die '
        '<abbr title="Deutsche Rentenversicherung">DRV</abbr>: JC-Team, '
        '<abbr title="Zweites Buch Sozialgesetzbuch">SGB II</abbr> und '
        '<abbr title="Neuntes Buch Sozialgesetzbuch">SGB IX</abbr>.'
    )


def test_only_whole_words_in_their_exact_case_are_explained(content):
    assert glossary_abbr("JCX, XJC, jc, Jc, TNs, BAföG") == "JCX, XJC, jc, Jc, TNs, BAföG"
    assert glossary_abbr("ÖPNV-Ticket") == (
        '<abbr title="öffentlicher Personennahverkehr">ÖPNV</abbr>-Ticket'
    )


def test_hostile_text_is_escaped_and_never_wrapped_inside_markup(content):
    text = '<script>alert("JC")</script><a href="x" title="JC">TN</a> & JC'
    html = glossary_abbr(text)
    assert "<script>" not in html and "<a href" not in html
    assert html == (
        '&lt;script&gt;alert(&quot;<abbr title="Jobcenter">JC</abbr>&quot;)'
        "&lt;/script&gt;&lt;a href=&quot;x&quot; title=&quot;JC&quot;&gt;"
        '<abbr title="Teilnehmende">TN</abbr>&lt;/a&gt; &amp; JC'
    )


def test_a_hostile_long_form_is_escaped_in_the_title(content):
    make_term("ZZQ", long='"><script>x</script>')
    assert glossary_abbr("ZZQ") == (
        '<abbr title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">ZZQ</abbr>'
    )


def test_very_long_input_is_handled_whole(content):
    text = ("JC " + "a" * 1000 + " <b> ") * 1000 + "SGB II"
    html = glossary_abbr(text)
    assert html.count("<abbr") == 2 and html.endswith("SGB II</abbr>")
    assert "<b>" not in html
    assert len(glossary_abbr("x" * 1_000_000)) == 1_000_000


def test_empty_and_none_give_empty_text(content):
    assert glossary_abbr("") == "" and glossary_abbr(None) == ""


def test_in_a_template_the_result_is_not_escaped_twice_and_keeps_paragraphs(content):
    rendered = Template("{% load glossary_abbr %}{{ text|glossary_abbr|linebreaks }}").render(
        Context({"text": "JC & TN\n\nzweiter <Absatz>"})
    )
    assert rendered == (
        '<p><abbr title="Jobcenter">JC</abbr> &amp; <abbr title="Teilnehmende">TN</abbr></p>'
        "\n\n<p>zweiter &lt;Absatz&gt;</p>"
    )


def test_draft_terms_are_not_explained(content):
    make_term("GEHEIMAB", long="Geheime Langform", is_public=False)
    assert glossary_abbr("GEHEIMAB") == "GEHEIMAB"


def test_the_practice_page_explains_abbreviations_in_description_and_hurdles(client, forum):
    practice = make_practice(
        forum,
        description="Das JC arbeitet mit der <b>GKV</b>.",
        hurdles=["Die IFK hat zu wenig Zeit"],
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    assert '<abbr title="Jobcenter">JC</abbr>' in html
    assert '&lt;b&gt;<abbr title="gesetzliche Krankenversicherung">GKV</abbr>&lt;/b&gt;' in html
    assert 'Die <abbr title="Integrationsfachkraft">IFK</abbr> hat zu wenig Zeit' in html


def test_forum_and_thementisch_pages_explain_abbreviations(client, content):
    table = Thementisch.objects.filter(key_results__contains="JC").first()
    html = client.get(table.get_absolute_url()).content.decode()
    assert '<abbr title="Jobcenter">JC</abbr>' in html
    html = client.get(table.forum.get_absolute_url()).content.decode()
    assert '<abbr title="Jobcenter">JC</abbr>' in html
