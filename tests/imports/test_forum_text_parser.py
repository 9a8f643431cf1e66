"""Reading forum documentations: structure variants, hurdles, unplaced lines, encodings."""

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from imports.forum_text.parser import derive_title, parse
from imports.text_files import UnreadableText, decode_text

A, F, S, SO = "angebote-traeger", "finanzierung", "strukturen-organisationsentwicklung", "sonstiges"
G, U = "geplant", "umgesetzt"
BASE_DIR = Path(__file__).resolve().parents[2]
EXAMPLE_FILE = BASE_DIR / "imports/forum_text/examples/forumsdokumentation-beispiel.md"

MARKDOWN = """\
# Angebote & Träger
## GEPLANTES
### Kontaktdichte
- Wege finden, die Kontaktdichte zu erhalten
## UMGESETZTES
- Gruppenangebote eingeführt
# Finanzierung
## GEPLANTES
- Anschubfinanzierung beantragen
"""

PLAIN = """\
Angebote & Träger
GEPLANTES
Kontaktdichte:
- Wege finden, die Kontaktdichte zu erhalten
UMGESETZTES
- Gruppenangebote eingeführt
Finanzierung
GEPLANTES
- Anschubfinanzierung beantragen
"""


def rows(proposal):
    return [(p.category, p.status, p.aspect, p.description, p.hurdles) for p in proposal.practices]


def unplaced(proposal):
    return [(line.number, line.text) for line in proposal.unplaced]


def test_markdown_headings_and_plain_lines_give_the_same_proposal():
    expected = [
        (A, G, "Kontaktdichte", "Wege finden, die Kontaktdichte zu erhalten", []),
        (A, U, "", "Gruppenangebote eingeführt", []),
        (F, G, "", "Anschubfinanzierung beantragen", []),
    ]
    assert rows(parse(MARKDOWN)) == expected
    assert rows(parse(PLAIN)) == expected
    assert parse(MARKDOWN).unplaced == parse(PLAIN).unplaced == []


@pytest.mark.parametrize(
    ("heading", "category"),
    [
        ("ANGEBOTE UND TRÄGER", A),
        ("Angebote&Träger", A),
        ("angebote  &  traeger:", A),
        ("## Finanzierung ##", F),
        ("Strukturen und Organisationsentwicklung", S),
        ("**Strukturen & Organisationsentwicklung**", S),
        ("Kategorie: Sonstiges", SO),
        ("### sonstiges", SO),
    ],
)
def test_category_headings_are_recognised_in_their_variants(heading, category):
    proposal = parse(f"{heading}\nGEPLANTES\n- Etwas erhalten\n")
    assert rows(proposal) == [(category, G, "", "Etwas erhalten", [])]


def test_without_category_headings_the_block_order_decides_and_a_note_says_so():
    text = "\n".join(
        [
            "GEPLANTES",
            "- a1",
            "UMGESETZTES",
            "- a2",
            "GEPLANTES",
            "- f1",
            "UMGESETZTES",
            "- f2",
            "GEPLANTES",
            "- s1",
            "UMGESETZTES",
            "- s2",
            "GEPLANTES",
            "- o1",
            "UMGESETZTES",
            "- o2",
        ]
    )
    proposal = parse(text)
    assert [(p.description, p.category, p.status) for p in proposal.practices] == [
        ("a1", A, G),
        ("a2", A, U),
        ("f1", F, G),
        ("f2", F, U),
        ("s1", S, G),
        ("s2", S, U),
        ("o1", SO, G),
        ("o2", SO, U),
    ]
    assert len(proposal.notes) == 1
    assert "Reihenfolge der Blöcke" in proposal.notes[0]


def test_a_block_may_have_only_planned_items_and_a_fifth_block_is_flagged():
    text = "GEPLANTES\n- a\nGEPLANTES\n- still a\nUMGESETZTES\n- a done\n" + (
        "GEPLANTES\n- next\nUMGESETZTES\n- x\n" * 4
    )
    proposal = parse(text)
    categories = [p.category for p in proposal.practices]
    assert categories[:3] == [A, A, A]
    assert categories[3:5] == [F, F]
    assert categories[-2:] == [SO, SO]
    assert any("mehr als vier Blöcke" in note for note in proposal.notes)


def test_with_headings_a_second_planned_block_keeps_its_category_but_is_flagged():
    proposal = parse("Finanzierung\nGEPLANTES\n- a\nUMGESETZTES\n- b\nGEPLANTES\n- c\n")
    assert [p.category for p in proposal.practices] == [F, F, F]
    assert any("Zeile 6" in note and "GEPLANTES" in note for note in proposal.notes)


@pytest.mark.parametrize(
    ("marker", "status"),
    [
        ("GEPLANTES", G),
        ("Geplantes:", G),
        ("### Geplant", G),
        ("**UMGESETZTES**", U),
        ("Bereits umgesetzt", U),
        ("umgesetztes", U),
    ],
)
def test_markers_set_the_status(marker, status):
    assert rows(parse(f"Sonstiges\n{marker}\n- Punkt\n")) == [(SO, status, "", "Punkt", [])]


def test_sub_headings_become_the_aspect_and_reset_at_each_marker_and_category():
    text = """\
Angebote & Träger
GEPLANTES
Netzwerke pflegen:
- a
#### Art der Kooperation
- b
UMGESETZTES
- c
Fakten schaffen
- d
Finanzierung
GEPLANTES
- e
"""
    assert [(p.description, p.aspect) for p in parse(text).practices] == [
        ("a", "Netzwerke pflegen"),
        ("b", "Art der Kooperation"),
        ("c", ""),
        ("d", "Fakten schaffen"),
        ("e", ""),
    ]


def test_every_bullet_style_is_a_practice():
    text = (
        "Sonstiges\nGEPLANTES\n- eins\n* zwei\n• drei\n– vier\n— fünf\n1. sechs\n2) sieben\n"
        "   + acht\n"
    )
    descriptions = [p.description for p in parse(text).practices]
    assert descriptions == ["eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht"]


def test_aber_lines_become_hurdles_of_the_bullet_before_them():
    text = """\
Finanzierung
UMGESETZTES
- ESF Projekt im Anschluss gestartet
- Aber: Budgetkürzungen und unsichere Zukunft in den JC
Aber: Wer pflegt Erarbeitetes nach Projektende?
- Netzwerkatlas
- Aber ungeklärte Ressourcenfrage
- Aberglaube ist kein Hindernis
"""
    proposal = parse(text)
    assert [(p.description, p.hurdles, p.lines) for p in proposal.practices] == [
        (
            "ESF Projekt im Anschluss gestartet",
            [
                "Budgetkürzungen und unsichere Zukunft in den JC",
                "Wer pflegt Erarbeitetes nach Projektende?",
            ],
            [3, 4, 5],
        ),
        ("Netzwerkatlas", ["Ungeklärte Ressourcenfrage"], [6, 7]),
        ("Aberglaube ist kein Hindernis", [], [8]),
    ]
    assert proposal.practices[0].line_label == "3–5"


def test_an_aber_line_without_a_bullet_before_it_is_listed_not_dropped():
    proposal = parse("Sonstiges\nGEPLANTES\nKontaktdichte\nAber: niemand zuständig\n- Punkt\n")
    assert unplaced(proposal) == [(4, "Aber: niemand zuständig")]
    assert rows(proposal) == [(SO, G, "Kontaktdichte", "Punkt", [])]


def test_inline_aber_becomes_a_hurdle_and_leaves_the_description():
    text = """\
Angebote & Träger
GEPLANTES
- „Stammtische“ als regionale Informationsnetzwerke (aber: Weiterführung unklar)
- App in den App-Stores verfügbar: aber: Weiterbetreuung nach Projektende ungeklärt
- Frühzeitig Konzept vorlegen (ca. 2 Jahre) (Aber: hilft nicht immer!)
- Erhalt ist nicht gesichert (eventuell über einen externen Träger möglich)
- Gute Idee, aber nicht immer umsetzbar
"""
    assert [(p.description, p.hurdles) for p in parse(text).practices] == [
        ("„Stammtische“ als regionale Informationsnetzwerke", ["Weiterführung unklar"]),
        (
            "App in den App-Stores verfügbar",
            ["Weiterbetreuung nach Projektende ungeklärt"],
        ),
        ("Frühzeitig Konzept vorlegen (ca. 2 Jahre)", ["Hilft nicht immer!"]),
        ("Erhalt ist nicht gesichert (eventuell über einen externen Träger möglich)", []),
        ("Gute Idee, aber nicht immer umsetzbar", []),
    ]


def test_lines_that_cannot_be_placed_are_listed_with_their_numbers_and_reasons():
    text = """\
Dokumentation des Fachforums

- Partner: Lawaetz-Stiftung
Angebote & Träger
Welche Angebote sollen verstetigt werden?
- Punkt ohne Status
GEPLANTES
- Ein Praxisbeispiel
Nach dem Motto: Wer A sagt, muss auch B sagen.
"""
    proposal = parse(text)
    assert [p.description for p in proposal.practices] == ["Ein Praxisbeispiel"]
    listed = {line.number: line.reason for line in proposal.unplaced}
    assert sorted(listed) == [1, 3, 5, 6, 9]
    assert "GEPLANTES/UMGESETZTES" in listed[6]
    assert "Fließtext" in listed[9]


def test_a_bullet_before_the_first_category_heading_is_listed():
    proposal = parse("GEPLANTES\n- ohne Kategorie\nSonstiges\nGEPLANTES\n- mit Kategorie\n")
    assert [p.description for p in proposal.practices] == ["mit Kategorie"]
    assert unplaced(proposal) == [(2, "ohne Kategorie")]
    assert "Kategorie" in proposal.unplaced[0].reason


def test_empty_bullets_rules_and_blank_lines_are_not_content():
    proposal = parse("Sonstiges\n\n---\nGEPLANTES\n-\n   \n- Punkt\n")
    assert [p.description for p in proposal.practices] == ["Punkt"]
    assert proposal.unplaced == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_keep_the_line_numbers(newline):
    assert rows(parse(PLAIN.replace("\n", newline))) == rows(parse(PLAIN))
    assert [p.lines for p in parse(PLAIN.replace("\n", newline)).practices] == [[4], [6], [9]]


def test_a_byte_order_mark_does_not_hide_the_first_heading():
    proposal = parse("\ufeffSonstiges\nGEPLANTES\n- Punkt\n")
    assert rows(proposal) == [(SO, G, "", "Punkt", [])]
    assert proposal.notes == []


def test_titles_are_short_and_keep_parentheses_inside_words():
    assert derive_title("Telemedizin (mindestens vier Termine je TN) fortführen") == (
        "Telemedizin fortführen"
    )
    assert derive_title("Spielerische Anlässe für (Gruppen-)Begegnung erhalten") == (
        "Spielerische Anlässe für (Gruppen-)Begegnung erhalten"
    )
    assert derive_title("Ergebnisdarstellung 2: => Arbeitsgruppe") == (
        "Ergebnisdarstellung 2 – Arbeitsgruppe"
    )
    assert derive_title("dann sowohl A als auch B.") == "Dann sowohl A als auch B"
    long_title = derive_title("Sehr langer Punkt " * 20)
    assert len(long_title) <= 120
    assert long_title.endswith("…")


def test_the_example_file_parses_into_every_construct_it_shows():
    proposal = parse(EXAMPLE_FILE.read_text(encoding="utf-8"))
    assert [(p.category, p.status, p.aspect, p.hurdles) for p in proposal.practices] == [
        (A, G, "Angebote", []),
        (A, G, "Angebote", ["Finanzierung offen", "Räume fehlen noch"]),
        (A, G, "Kontaktdichte", []),
        (A, G, "Kontaktdichte", []),
        (A, U, "", []),
        (A, U, "", ["Weiterbetreuung nach Projektende ungeklärt"]),
        (F, G, "", ["18 Monate Vorlauf einplanen"]),
        (S, U, "Was fortgeführt werden konnte", []),
        (SO, G, "", []),
    ]
    # The title and the introduction are shown as unplaced, as the example says.
    assert [line.number for line in proposal.unplaced] == [1, 3]
    assert proposal.notes == []


# Decoding the bytes of a file.


def test_utf8_with_and_without_bom_is_read():
    assert decode_text("Träger".encode()) == "Träger"
    assert decode_text(codecs.BOM_UTF8 + "Träger".encode()) == "Träger"


def test_a_utf8_marked_file_with_a_broken_byte_is_refused_not_garbled():
    with pytest.raises(UnreadableText, match="als UTF-8 markiert"):
        decode_text(codecs.BOM_UTF8 + "Träger, ".encode() + "Maß".encode("cp1252"))


def test_windows_1252_from_german_excel_is_read():
    assert decode_text("Angebote & Träger – „Maß“".encode("cp1252")) == (
        "Angebote & Träger – „Maß“"
    )


def test_utf16_with_bom_is_read():
    assert decode_text("Träger\r\n".encode("utf-16")) == "Träger\r\n"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00\x00\x00", b"abc\x81\x8d"],
    ids=["png", "zip", "undefined-cp1252"],
)
def test_binary_data_is_refused_with_a_german_message(data):
    with pytest.raises(UnreadableText) as error:
        decode_text(data)
    assert "Textdatei" in str(error.value) or "Zeichenkodierung" in str(error.value)


def test_an_explicit_encoding_is_used_and_a_mismatch_or_unknown_name_is_reported():
    assert decode_text("Träger".encode("latin-1"), "latin-1") == "Träger"
    with pytest.raises(UnreadableText, match="nicht als ascii"):
        decode_text("Träger".encode(), "ascii")
    with pytest.raises(UnreadableText, match="Unbekannte Zeichenkodierung"):
        decode_text(b"abc", "klingonisch")


def test_the_seed_fixture_is_plain_utf8_text():
    fixture = Path(__file__).parent / "fixtures" / "fachforum-2025-transfer.md"
    assert decode_text(fixture.read_bytes()).startswith("Schwerpunktthema Transfer")


def test_a_bullet_is_always_a_practice_even_if_it_reads_like_a_heading():
    proposal = parse("Sonstiges\nGEPLANTES\n- Finanzierung\n- UMGESETZTES\n")
    assert rows(proposal) == [(SO, G, "", "Finanzierung", []), (SO, G, "", "UMGESETZTES", [])]


def test_a_markdown_heading_as_high_as_the_categories_ends_the_practices_part():
    text = """\
## Sonstiges
### UMGESETZTES
- Politik auffordern
## Thementische
An diesem Thementisch ging es um Sanktionen.
- Sanktionen passend einsetzen
### Wichtigste Ergebnisse
- Motivation ist da
"""
    proposal = parse(text)
    assert [p.description for p in proposal.practices] == ["Politik auffordern"]
    assert [line.number for line in proposal.unplaced] == [4, 5, 6, 7, 8]
    assert "beendet den Abschnitt" in proposal.unplaced[0].reason
    assert "ohne Kategorie" in proposal.unplaced[2].reason


def test_the_parser_runs_without_the_database_or_the_apps():
    # Bare settings and no django.setup(): importing any model would fail here.
    script = (
        "from django.conf import settings\n"
        "settings.configure(USE_I18N=False)\n"
        "from imports.forum_text.parser import parse\n"
        "assert parse('Sonstiges\\nGEPLANTES\\n- Träger einbinden\\n').practices\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=env, check=True)
