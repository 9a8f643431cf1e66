"""Hostile inputs at the size limits, for the linear-time tests and bench/parsers.py."""

from hypothesis import strategies as st

from imports.forum_text.parser import MAX_LINE_LENGTH

# Starts and repeated pieces that made the old patterns backtrack: blanks competing between
# two quantifiers, unclosed parentheses, colons and arrows, heading marks.
LINE_STARTS = ["", "# a", "## ", "###### x", "- ", "1. ", "**", "Aber", "aber:", "- x", "Kategorie"]
PIECES = [" ", "\t", "\u00a0", " (", "(aber: ", ": aber", ":", "=>", " :", "#", "- ", "*", "(a) "]
LINE_ENDS = ["", "b", "x)", "#", ".", ":", ")", "**", "(aber:"]
CONTEXT = ["UMGESETZTES", "GEPLANTES", "## Finanzierung", "Kontaktdichte:"]


@st.composite
def hostile_lines(draw):
    """One line of up to MAX_LINE_LENGTH characters (sometimes one more) built to backtrack."""
    start = draw(st.sampled_from(LINE_STARTS))
    piece = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3)))
    end = draw(st.sampled_from(LINE_ENDS))
    length = draw(st.sampled_from([MAX_LINE_LENGTH, MAX_LINE_LENGTH + 1, 2_000, 300]))
    body = piece * ((length - len(start) - len(end)) // len(piece) + 1)
    return (start + body)[: length - len(end)] + end


@st.composite
def hostile_documents(draw, size):
    """A text of just under `size` UTF-8 bytes: hostile lines between the parser's markers."""
    block = []
    for line in draw(st.lists(hostile_lines(), min_size=1, max_size=4)):
        block += [draw(st.sampled_from(CONTEXT)), line]
    block = "\n".join(block) + "\n"
    copies = size // len(block.encode("utf-8"))
    return block * max(copies, 1)


def worst_known_documents(size):
    """The documentations that took 10 s to 76 s before the rewrite, at `size` bytes."""
    line = MAX_LINE_LENGTH - 3
    shapes = {
        "heading with blanks": "# a" + " " * line + "b",
        "bullet with blanks": "UMGESETZTES\n- a" + " " * line + "b",
        "arrow with blanks": "UMGESETZTES\n- a" + " " * line + "=",
        "unclosed aber": "UMGESETZTES\n- a (aber:" + " " * line + "b",
    }
    return {name: _fill(text + "\n", size) for name, text in shapes.items()}


def hostile_csv(size, max_cell=4_000):
    """A CSV of about `size` bytes: long quoted cells of blanks, pipes, quotes and formulas."""
    header = "Titel;Beschreibung;Kategorie;Status;Forum;Hürden;Schlagworte;URL\r\n"
    cell = '"' + (' | ""=' * (max_cell // 6)) + '"'
    row = ";".join([cell] * 8) + "\r\n"
    return (header + row * max((size - len(header)) // len(row), 1)).encode("utf-8")


def _fill(block, size):
    return block * max(size // len(block.encode("utf-8")), 1)
