"""Golden files for every citation format, each parsed back as a reference manager would."""

import json
import os
import pathlib
import re

import bibtexparser
import pytest
from django.test import RequestFactory

from citations.formats import as_bibtex, as_csl_json, as_ris, as_text
from citations.records import csl_record
from tests.citations.conftest import ACCESSED

GOLDEN = pathlib.Path(__file__).parent / "golden"
RENDERERS = {"txt": as_text, "bib": as_bibtex, "ris": as_ris, "json": as_csl_json}
RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - .*")


def rendered(practice, extension):
    record = csl_record(practice, RequestFactory().get("/"), accessed=ACCESSED)
    return RENDERERS[extension](record)


@pytest.mark.parametrize("extension", RENDERERS)
def test_each_format_matches_its_golden_file(cited, extension):
    path = GOLDEN / f"praxis.{extension}"
    text = rendered(cited, extension)
    if os.environ.get("REGENERATE_GOLDEN"):
        path.write_bytes(text.encode())
    assert text == path.read_bytes().decode()


def test_german_citation_names_author_year_title_stand_url_and_access_date(cited):
    text = rendered(cited, "txt")
    assert text.startswith("Forschungsverbund rehapro, 2025. Budget & Beratung")
    assert "In: Transferpraxis rehapro. Stand: 3. März 2025." in text
    assert "https://wissen.example.org/p/9001/" in text
    assert text.endswith("[Zugriff am: 25. November 2026].")


def test_bibtex_parses_back_with_title_author_url_and_year(cited):
    library = bibtexparser.parse_string(rendered(cited, "bib"))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry.key == "rehapro-praxis-9001"
    fields = {field.key: field.value for field in entry.fields}
    assert fields["author"] == "{Forschungsverbund rehapro}"
    assert fields["title"] == r"{Budget \& Beratung: 50 \% mehr „Kontakt“ für \#Ü25\_plus \{neu\}}"
    assert fields["year"] == "2025"
    assert fields["url"] == "https://wissen.example.org/p/9001/"
    assert fields["urldate"] == "2026-11-25"


def test_ris_is_one_tag_per_crlf_line_from_ty_elec_to_er(cited):
    text = rendered(cited, "ris")
    assert text.endswith("ER  - \r\n")
    lines = text.split("\r\n")[:-1]
    assert all(RIS_LINE.fullmatch(line) for line in lines), lines
    assert "\n" not in "".join(lines)
    tags = dict(line.split("  - ", 1) for line in lines)
    assert lines[0] == "TY  - ELEC"
    assert tags["AU"] == "Forschungsverbund rehapro"
    assert tags["TI"] == cited.title
    assert tags["UR"] == "https://wissen.example.org/p/9001/"
    assert tags["Y2"] == "2026/11/25"


def test_ris_keeps_a_multi_line_title_on_one_line(cited):
    cited.title = "Erste Zeile\nzweite Zeile"
    text = rendered(cited, "ris")
    assert "TI  - Erste Zeile zweite Zeile\r\n" in text


def test_csl_json_is_a_list_of_one_webpage_record(cited):
    (record,) = json.loads(rendered(cited, "json"))
    assert record["type"] == "webpage"
    assert record["author"] == [{"literal": "Forschungsverbund rehapro"}]
    assert record["issued"] == {"date-parts": [[2025, 3, 3]]}
    assert record["accessed"] == {"date-parts": [[2026, 11, 25]]}
    assert record["title"] == cited.title
