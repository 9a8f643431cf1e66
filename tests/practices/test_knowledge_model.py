"""Entries that say what they are: types, status meaning per forum, hurdles, internal notes."""

import csv
import io
import json
import re
import tomllib
from collections import Counter

import openpyxl
import pytest
from django.urls import reverse

from forums.models import LoadedContent
from practices.content import CONTENT_DIR, fingerprint, load_content, practice_snapshot
from practices.models import Hurdle, Practice
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db

# 2025: every bullet stays under the documentation's category and status; the type is new.
EXPECTED_2025_TYPES = {
    "praxisbeispiel": 53,
    "erkenntnis": 9,
    "herausforderung": 4,
    "empfehlung": 4,
}
# Hurdles named in issue 16, each findable by a word of it on /huerden/.
NAMED_HURDLES = [
    ("Ärztliche Gutachten", "Diagnostik ein großes Problem"),  # 2023 L56
    ("gesetzlicher Auftrag", "unterschiedlicher gesetzlicher Auftrag"),  # L72
    ("Krankenkassen", "nicht ins Boot zu bekommen"),  # L169
    ("Psychotherapie", "Unterangebot Psychotherapie"),  # L170
    ("Scheu", "Große Scheu"),  # L171
    ("Versorgungsnetz", "ambulantes Versorgungsnetz"),  # L172
    ("SGB VIII", "SGB II und SGB VIII"),  # L173
    ("Hilfesysteme", "Alle Hilfesysteme in eine Richtung lenken"),  # L174
    ("Datenschutz", "Datenschutz akteursübergreifend"),  # L175
    ("Kontinuität", "Personelle Kontinuität"),  # L191
    ("Defizite", "Rehapro kompensiert Defizite"),  # L192
    ("Projektcharakter", "Projektcharakter Rehapro"),  # L193
    ("Kürzung", "Kürzung von Mitteln"),  # L194
    ("Anerkennung", "Geringe Anerkennung"),  # L251
    ("Krankheitsbilder", "Bewusstsein für Krankheitsbilder"),  # L254
    ("Abgrenzung", "Abgrenzung von SGB V und SGB II"),  # L256
    ("Verwaltungshaushalte", "kreative Lösungsfindung"),  # L333
    ("dauerhafte Lösung", "wenn das Projekt ausläuft"),  # L350
    ("finanzierbar", "Was ist finanzierbar?"),  # L451
    ("Budgettöpfen", "personenzentriertes Vorgehen"),  # 2023 #52
    ("gesichert", "Erhalt ist derzeit noch nicht gesichert"),  # 2025 L39
    ("Verschlechterung", "Verschlechterung für alle Fallmanager"),  # 2025 L97
    ("Sanktionen", "tendenziell von Sanktionen abzusehen"),  # 2025 Thementisch
    ("Kontrollgruppen", "Kontrollgruppen lassen sich nur schwer umsetzen"),  # 2025 Impuls
]


def test_every_2025_entry_has_a_type_and_keeps_the_documentation_s_place(content):
    entries = Practice.objects.published().filter(forum__slug="fachforum-2025")
    assert entries.count() == 70
    assert Counter(entries.values_list("entry_type", flat=True)) == EXPECTED_2025_TYPES
    finding = entries.get(title__startswith="Erkenntnis: Am Ende des Tages")
    assert (finding.category, finding.status, finding.entry_type) == (
        "finanzierung",
        "umgesetzt",
        "erkenntnis",
    )


def test_the_corrected_2023_question_is_no_longer_implemented(content):
    question = Practice.objects.get(title__startswith="Welche Anbindung brauchen Teilnehmende")
    assert (question.status, question.entry_type) == ("geplant", "frage")
    assert "offene Frage" in question.status_reason


def test_no_title_keeps_the_interpretations_the_audit_found(content):
    titles = set(Practice.objects.values_list("title", flat=True))
    assert "1:150 statt 1:220" in titles
    assert not any("Verstetigungsszenario" in t or "weniger Zeit als" in t for t in titles)
    assert not any("Düsseldorf" in t for t in titles)


def test_the_type_filter_counts_and_narrows(client, content):
    response = client.get(reverse("practices:list"), {"art": "erkenntnis"})
    assert response.status_code == 200
    total = Practice.objects.published().filter(entry_type="erkenntnis").count()
    assert response.context["total"] == total
    facet = next(f for f in response.context["facets"] if f.name == "art")
    assert {o.value: o.count for o in facet.options}["erkenntnis"] == total


def test_a_mixed_list_explains_the_status_of_each_forum(client, content):
    html = client.get(reverse("practices:list"), {"pro_seite": 100}).content.decode()
    assert "„geplant“ und „umgesetzt“ verschieden" in html
    assert "im Modellprojekt erprobt" in html  # 2023's meaning of "umgesetzt"
    one_forum = client.get(reverse("practices:list"), {"forum": "fachforum-2025"})
    assert "verschieden verwenden" not in one_forum.content.decode()


def test_detail_page_names_the_status_meaning_and_hides_internal_notes(client, content):
    practice = Practice.objects.get(title="1:150 statt 1:220")
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "heißt in der Dokumentation von Jobcenter der Zukunft 2025" in html
    assert "Eintragsart" in html
    assert practice.editorial_note and practice.editorial_note not in html
    assert practice.status_reason not in html
    assert "Textfassung" not in html


def test_csv_export_has_type_and_status_meaning_but_no_internal_note(client, content):
    response = client.get(reverse("practices:export_csv"), {"forum": "fachforum-2023"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert {row["Eintragsart"] for row in rows} >= {"Praxisbeispiel", "Empfehlung/Forderung"}
    assert all(
        "im Modellprojekt erprobt" in r["Bedeutung des Status"]
        for r in rows
        if r["Status"] == "umgesetzt"
    )
    assert "Textfassung" not in body and "Status-Grundlage" not in body


def test_public_thementisch_summaries_carry_no_editorial_remarks(client, content):
    html = client.get("/foren/fachforum-2025/sanktionen-einstiegsgeld-kommunale-strukturen/")
    assert "im Export verloren" not in html.content.decode()


@pytest.mark.parametrize(("word", "phrase"), NAMED_HURDLES)
def test_each_named_hurdle_is_findable_on_the_hurdle_list(client, content, word, phrase):
    response = client.get(reverse("practices:hurdle_list"), {"q": word})
    assert response.status_code == 200
    assert any(phrase in h.text for h in response.context["hurdles"]), word


def test_hurdle_facets_count_types_forums_and_categories(client, content):
    response = client.get(reverse("practices:hurdle_list"), {"forum": "fachforum-2023"})
    published = Hurdle.objects.published()
    in_2023 = published.filter(practice__forum__slug="fachforum-2023").count()
    in_2023 += published.filter(forum__slug="fachforum-2023").count()
    assert response.context["total"] == in_2023
    facets = {f.name: {o.value: o.count for o in f.options} for f in response.context["facets"]}
    assert sum(facets["typ"].values()) == in_2023
    # Ticking 2025 as well (OR within the facet) gives every published hurdle.
    assert facets["forum"]["fachforum-2025"] == published.count()
    assert facets["kategorie"]["finanzierung"] >= 1


def test_hurdle_exports_parse_back_with_the_same_rows(client, content):
    query = {"typ": "finanzierung"}
    expected = Hurdle.objects.published().filter(kind="finanzierung").count()
    raw = client.get(reverse("practices:hurdle_export_csv"), query).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
    assert len(rows) == expected and {r["Art der Hürde"] for r in rows} == {"Finanzierung & Budget"}
    data = json.loads(client.get(reverse("practices:hurdle_export_json"), query).content)
    assert data["meta"]["count"] == expected
    assert [r["id"] for r in data["results"]] == [int(r["ID"]) for r in rows]
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("practices:hurdle_export_xlsx"), query).getvalue())
    )
    assert book.worksheets[0].max_row == expected + 1


def test_hurdles_of_a_draft_never_reach_the_hurdle_list(client, forum):
    make_practice(forum, publication_state="entwurf", hurdles=["Aber: Geheime Hürde"])
    make_practice(forum, hurdles=["Aber: Öffentliche Hürde"])
    response = client.get(reverse("practices:hurdle_list"), {"q": "Hürde"})
    texts = [h.text for h in response.context["hurdles"] if h.text.startswith("Aber:")]
    assert texts == ["Aber: Öffentliche Hürde"]


def test_list_cards_show_the_hurdle_texts(client, forum):
    make_practice(forum, hurdles=["Aber: Budget reicht nicht"])
    assert "Aber: Budget reicht nicht" in client.get(reverse("practices:list")).content.decode()


def test_the_hurdle_list_query_count_does_not_grow_with_the_page(
    client, content, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(reverse("practices:hurdle_list"))


def test_an_old_load_record_without_the_new_fields_still_counts_as_unedited(content):
    """A database loaded before issue 16 updates its entries instead of reporting them edited."""
    practice = Practice.objects.get(title="1:150 statt 1:220")
    snapshot = practice_snapshot(practice)
    legacy = {k: v for k, v in snapshot.items() if k not in ("entry_type", "status_reason")}
    legacy = {k: v for k, v in legacy.items() if k not in ("editorial_note", "hurdle_details")}
    Practice.objects.filter(pk=practice.pk).update(title="Betreuungsschlüssel 1:150 alt")
    practice.refresh_from_db()
    old = {**{k: v for k, v in practice_snapshot(practice).items() if k in legacy}}
    LoadedContent.objects.filter(kind="practice", key=practice.slug).update(
        fingerprint=fingerprint(old)
    )
    report = load_content()
    assert f"practice {practice.slug}" not in report.kept
    practice.refresh_from_db()
    assert practice.title == "1:150 statt 1:220"


def test_every_hurdle_in_the_files_has_a_kind():
    for path in (CONTENT_DIR / "forums").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for item in data.get("hurdles", []):
            assert item["kind"] in Hurdle.Kind.values
        for practice in data["practices"]:
            for hurdle in practice["hurdles"]:
                assert hurdle["kind"] in Hurdle.Kind.values, practice["slug"]


def test_only_organisers_and_public_figures_are_named_in_the_content():
    """Names policy (content/README.md): participants are never named."""
    allowed = {"Peer Gillner", "Michael Seligmann", "Dr. Schmachtenberg", "Frau Bas"}
    pattern = re.compile(r"(?:Herr|Frau|Dr\.|Prof\.) [A-ZÄÖÜ][a-zäöüß]+")
    found = set()
    for path in (CONTENT_DIR / "forums").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        found |= set(pattern.findall(text))
        found |= {name for name in ("Peer Gillner", "Michael Seligmann") if name in text}
    assert found <= allowed


def test_projects_show_no_inferred_values(client, content):
    html = client.get(reverse("practices:project_detail", kwargs={"slug": "proges"}))
    html = html.content.decode()
    assert "Federführung" not in html and "laufend" not in html
    assert "nicht angegeben" not in html
    listing = client.get(reverse("practices:project_list")).content.decode()
    assert "0 zugeordnete" not in listing
    assert not Practice.objects.filter(attributions__isnull=False).exists()


def test_detail_source_names_the_documentation_and_the_section(client, content):
    practice = Practice.objects.get(title="Netzwerkatlas")
    html = client.get(practice.get_absolute_url()).content.decode()
    text = re.sub(r"<[^>]+>", "", html)  # the title is marked lang="de" on English pages
    assert "Dokumentation „Jobcenter der Zukunft 2025“" in text
    assert "Zwischenüberschrift „Netzwerke von JC mit Externen weiter nutzen und pflegen“" in html
