"""Public pages: plain URLs become links, broken links are shown as unreachable."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from linkcheck.models import Link
from practices.models import Project, ProjectAttribution
from tests.conftest import make_forum, make_practice

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load checked_links %}" + source).render(Context(context))


def test_linkify_escapes_first_and_links_only_web_addresses():
    html = render(
        "{{ t|linkify }}",
        t='<b>x</b> https://a.example/?q=1&r="2" javascript:alert(1) www.b.example',
    )
    assert html == (
        '&lt;b&gt;x&lt;/b&gt; <a href="https://a.example/?q=1&amp;r=">https://a.example/?q=1&amp;r=</a>'
        "&quot;2&quot; javascript:alert(1) www.b.example"
    )


def test_linkify_keeps_glossary_abbreviations_outside_links():
    html = render('{{ t|linkify:"abbr" }}', t="SGB II: https://sgb.example/SGB")
    assert '<a href="https://sgb.example/SGB">https://sgb.example/SGB</a>' in html
    assert html.count("<a ") == 1


def test_a_broken_link_is_shown_as_unreachable_with_the_check_date():
    checked = timezone.make_aware(timezone.datetime(2026, 3, 4, 12))
    Link.objects.create(url="https://tot.example", state=Link.State.DEFEKT, last_checked_at=checked)
    html = render(
        "{% external_link url 'Website' %} {{ t|linkify }}",
        url="https://tot.example",
        t="https://tot.example",
    )
    assert "<a " not in html
    assert html.count("derzeit nicht erreichbar (geprüft am 4. März 2026)") == 2


def test_a_link_failing_once_stays_live():
    Link.objects.create(url="https://wackelt.example", state=Link.State.VERDAECHTIG)
    assert render("{% external_link url %}", url="https://wackelt.example") == (
        '<a href="https://wackelt.example">https://wackelt.example</a>'
    )


def test_project_page_shows_broken_website_and_links_urls_in_text(
    client, django_assert_max_num_queries
):
    project = Project.objects.create(
        short_name="P",
        slug="p-page",
        website="https://tot.example",
        partners="be https://be.example",
        summary="Siehe https://info.example.",
    )
    practice = make_practice(make_forum(), title="Veröffentlicht")
    ProjectAttribution.objects.create(practice=practice, project=project, is_public=True)
    Link.objects.create(
        url="https://tot.example", state=Link.State.DEFEKT, last_checked_at=timezone.now()
    )
    with django_assert_max_num_queries(6):
        response = client.get(reverse("practices:project_detail", kwargs={"slug": "p-page"}))
    html = response.content.decode()
    assert 'href="https://tot.example"' not in html
    assert "derzeit nicht erreichbar" in html
    assert '<a href="https://be.example">https://be.example</a>' in html
    assert '<a href="https://info.example">https://info.example</a>.' in html


def test_practice_page_links_urls_in_the_description(client):
    practice = make_practice(make_forum(), description="Mehr: https://mehr.example/x")
    response = client.get(practice.get_absolute_url())
    assert (
        '<a href="https://mehr.example/x">https://mehr.example/x</a>' in response.content.decode()
    )
