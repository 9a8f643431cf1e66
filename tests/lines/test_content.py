"""The curated lines file loads against the curated content, idempotently."""

import pytest

from lines.content import LinesError, load_lines
from lines.models import Line, Membership


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
