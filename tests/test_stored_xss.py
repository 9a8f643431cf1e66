"""Stored XSS: payloads in every admin-editable text field stay inert on every public page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from forums.models import Document, Forum, Study, Thementisch
from glossary.models import Term
from practices.models import Hurdle, Practice, Project, ProjectAttribution

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss1')</script>",
    "\"><img src=x onerror=alert('xss2')>",
    "javascript:alert('xss3')",
    "[klick](javascript:alert('xss4'))",
    "<svg/onload=alert('xss5')>",
    "' onmouseover='alert(6)",
]
URL_PAYLOAD = "javascript:alert('xss-url')"


class LiveScriptFinder(HTMLParser):
    """Collect anything a browser would execute: scripts, handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.live = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}=…>")
            dangerous = ("javascript:", "data:", "vbscript:")
            is_link = name in ("href", "src", "action", "formaction")
            if is_link and (value or "").strip().lower().startswith(dangerous):
                self.live.append(f"<{tag} {name}={value}>")
        if tag == "script":
            self._in_script = True
            if not dict(attrs).get("src"):
                self.live.append("<script> inline")

    def handle_data(self, data):
        if self._in_script and "xss" in data:
            self.live.append("script body")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def fit(model, **values):
    """Cut each value to its column's length, as PostgreSQL enforces it (SQLite does not)."""
    cut = {}
    for name, value in values.items():
        limit = model._meta.get_field(name).max_length
        cut[name] = value[:limit] if limit else value
    return cut


@pytest.fixture
def poisoned(forum):
    payload = " ".join(PAYLOADS)
    Forum.objects.filter(pk=forum.pk).update(
        **fit(
            Forum,
            title=f"Forum {payload}",
            subtitle=payload,
            summary=payload,
            venue=payload,
            city=payload,
            host_organisation=payload,
        )
    )
    forum.refresh_from_db()
    table = Thementisch.objects.create(
        forum=forum,
        slug="tisch",
        **fit(
            Thementisch,
            title=f"Tisch {payload}",
            summary=payload,
            key_results=f"{payload}\n{payload}",
        ),
    )
    project = Project.objects.create(
        slug="giftprojekt",
        website=URL_PAYLOAD,
        **fit(
            Project,
            short_name=f"P {payload}",
            full_name=payload,
            lead_agency_name=payload,
            place=payload,
            summary=payload,
        ),
    )
    table.projects.add(project)
    practice = Practice.objects.create(
        forum=forum,
        thementisch=table,
        slug="giftpraxis",
        category="sonstiges",
        status="geplant",
        publication_state="veroeffentlicht",
        **fit(
            Practice,
            title=f"Praxis {payload}",
            description=payload,
            aspect=payload,
            source_section=payload,
        ),
    )
    practice.tags.add(PAYLOADS[0], PAYLOADS[1])
    Hurdle.objects.create(practice=practice, text=payload, position=1)
    ProjectAttribution.objects.create(practice=practice, project=project, is_public=True)
    Document.objects.create(
        forum=forum,
        kind="foliensatz",
        url=URL_PAYLOAD,
        is_public=True,
        **fit(Document, title=payload),
    )
    Study.objects.create(
        forum=forum,
        thementisch=table,
        url=URL_PAYLOAD,
        **fit(Study, title=payload, authors=payload),
    )
    # "alert" occurs in every payload: the <abbr> filter wraps it inside hostile text.
    Term.objects.create(
        short="alert",
        slug="alert",
        variants=payload,
        **fit(Term, long=payload, explanation=payload),
    )
    return practice


def test_payloads_in_every_field_render_inert_on_every_public_page(client, poisoned):
    forum, table = poisoned.forum, poisoned.thementisch
    pages = [
        "/",
        reverse("practices:list"),
        f"{reverse('practices:list')}?q=alert",
        f"{reverse('practices:list')}?q={PAYLOADS[1]}",
        poisoned.get_absolute_url(),
        reverse("forums:list"),
        forum.get_absolute_url(),
        table.get_absolute_url(),
        reverse("practices:project_list"),
        reverse("practices:project_detail", kwargs={"slug": "giftprojekt"}),
        reverse("glossary:index"),
    ]
    checked = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        finder = LiveScriptFinder()
        finder.feed(response.content.decode())
        assert finder.live == [], (url, finder.live)
        checked += 1
    assert checked == len(pages)


def test_exports_carry_payloads_only_as_inert_text(client, poisoned):
    response = client.get(reverse("practices:export_json"), {"forum": poisoned.forum.slug})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content).decode()
    assert PAYLOADS[0] in body  # kept verbatim as data, never rendered as HTML
    csv_body = b"".join(client.get(reverse("practices:export_csv")).streaming_content)
    assert response.status_code == 200 and csv_body
