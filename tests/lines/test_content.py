"""The curated lines file loads against the curated content, idempotently."""

import pytest

from lines.candidates import candidates_for
from lines.content import LinesError, load_lines
from lines.models import Line, Membership, RejectedPair
from practices.models import Practice


def test_the_lines_file_loads_public_lines_with_reasons_citing_both_texts(content):
    assert load_lines() == (7, 15)
    assert load_lines() == (7, 15)  # idempotent
    assert Line.objects.public().count() == 7
    for membership in Membership.objects.all():
        assert "Z." in membership.reason


def test_an_unknown_practice_in_the_lines_file_is_refused(content, tmp_path):
    path = tmp_path / "lines.toml"
    path.write_text(
        '[[lines]]\nslug = "x"\ntitle = "X"\n[[lines.entries]]\n'
        'practice = "gibt-es-nicht"\nkind = "verwandt"\nreason = "r"\n',
        encoding="utf-8",
    )
    with pytest.raises(LinesError):
        load_lines(path)


def test_the_rejected_pairs_of_the_lines_file_are_never_proposed(content):
    load_lines()
    assert RejectedPair.objects.count() == 6
    team = Practice.objects.get(slug="2023-kompetenz-als-fachteam-buendeln-z-b-als-team-gesundheit")
    proposed = {c.practice.slug for c in candidates_for(team)}
    assert "2025-neu-kompetenzteam-gesundheit" not in proposed
