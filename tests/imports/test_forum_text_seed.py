"""The 2025 seed's "Transfer & Verstetigung" part, imported, matches the curated content.

The fixture is lines 29–130 of the seed documentation (/work/shared/seeds/000_…txt) with
only the four category headings inserted ("## Angebote & Träger" before the block question,
"## Finanzierung", "## Strukturen & Organisationsentwicklung", "## Sonstiges" before the
GEPLANTES that starts each further block); nothing else is changed.
"""

import tomllib
from pathlib import Path

from imports.forum_text.parser import parse

FIXTURE = Path(__file__).parent / "fixtures" / "fachforum-2025-transfer.md"
CURATED = Path(__file__).resolve().parents[2] / "content" / "forums" / "fachforum-2025.toml"
HEADINGS = {
    "## Angebote & Träger",
    "## Finanzierung",
    "## Strukturen & Organisationsentwicklung",
    "## Sonstiges",
}


def curated_rows():
    with CURATED.open("rb") as handle:
        practices = tomllib.load(handle)["practices"]
    # The "Aber" hurdles; hurdles the curators read out of an entry's own line carry a source
    # naming it and are no part of what the import can see.
    return [
        (
            p["category"],
            p["status"],
            p["aspect"],
            [h if isinstance(h, str) else h["text"] for h in p["hurdles"] if "source" not in h],
        )
        for p in practices
        if p["thementisch"] == "transfer-und-verstetigung"
    ]


def proposed_rows(text):
    return [(p.category, p.status, p.aspect, p.hurdles) for p in parse(text).practices]


def exact_matches(proposed, curated):
    return sum(a == b for a, b in zip(proposed, curated, strict=False))


def test_the_seed_section_with_its_headings_matches_the_curated_practices_exactly():
    proposed = proposed_rows(FIXTURE.read_text(encoding="utf-8"))
    curated = curated_rows()
    matched = exact_matches(proposed, curated)
    print(
        f"\nseed 2025 T&V: {matched} of {len(proposed)} proposed rows match {len(curated)} curated"
    )
    assert len(curated) == 70
    assert proposed == curated
    assert matched == len(proposed) == 70


def test_the_descriptions_are_the_curated_source_wording():
    with CURATED.open("rb") as handle:
        practices = tomllib.load(handle)["practices"]
    curated = [
        p["description"] for p in practices if p["thementisch"] == "transfer-und-verstetigung"
    ]
    proposal = parse(FIXTURE.read_text(encoding="utf-8"))
    assert [p.description for p in proposal.practices] == curated


def test_only_the_section_title_its_introduction_and_the_block_question_are_unplaced():
    proposal = parse(FIXTURE.read_text(encoding="utf-8"))
    assert [line.number for line in proposal.unplaced] == [1, 2, 4]
    assert proposal.unplaced[2].text.startswith("Welche Angebote sollen")
    assert proposal.notes == []


def test_every_line_of_the_seed_section_is_accounted_for():
    text = FIXTURE.read_text(encoding="utf-8")
    proposal = parse(text)
    used = {n for p in proposal.practices for n in p.lines}
    listed = {line.number for line in proposal.unplaced}
    aspects = {p.aspect for p in proposal.practices}
    lines = dict(enumerate(text.split("\n"), start=1))
    structure = {
        n
        for n, line in lines.items()
        if line in HEADINGS or line in ("GEPLANTES", "UMGESETZTES") or line.rstrip(":") in aspects
    } - {n for n, line in lines.items() if not line.strip()}
    non_empty = {n for n, line in lines.items() if line.strip()}
    assert used | listed | structure == non_empty
    assert used.isdisjoint(listed)
    assert structure.isdisjoint(used | listed)


def test_without_the_headings_the_block_order_gives_the_same_result():
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    without_headings = "\n".join(line for line in lines if line not in HEADINGS)
    proposal = parse(without_headings)
    assert proposed_rows(without_headings) == curated_rows()
    assert len(proposal.notes) == 1
