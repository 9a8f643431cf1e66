"""The German normaliser: one token for every form a person may write."""

import pytest

from practices.search.german import document_tokens, fold_gender, words


def tokens(text):
    return document_tokens(text)


@pytest.mark.parametrize(
    "form",
    ["Kundinnen", "Kund*innen", "Kund:innen", "Kund_innen", "Kund/-innen", "KundInnen", "Kunden"],
)
def test_gender_forms_fold_to_one_token(form):
    assert tokens(form)[0] == tokens("Kunde")[0]


def test_gender_marks_never_leave_a_fragment():
    assert words("Mitarbeiter*innen und Kund:innen") == ["Mitarbeiterinnen", "und", "Kundinnen"]
    assert fold_gender("KundIn") == "Kundin"


@pytest.mark.parametrize("word", ["Medizin", "Termin", "Berlin", "Disziplin"])
def test_words_merely_ending_in_in_keep_their_ending(word):
    assert tokens(word)[0].endswith("in")


@pytest.mark.parametrize(
    "compound, part",
    [
        ("Adressatenbeteiligung", "Beteiligung"),
        ("Raumkosten", "Kosten"),
        ("Budgetgrenzen", "Budget"),
        ("Budgetkürzungen", "Budget"),
        ("Gesundheitsförderung", "Gesundheit"),
        ("Betreuungsschlüssel", "Schlüssel"),
    ],
)
def test_a_compound_is_indexed_with_its_parts(compound, part):
    assert tokens(part)[0] in tokens(compound)


@pytest.mark.parametrize(
    "a, b",
    [("Führung", "Fuehrung"), ("Maßnahmen", "Massnahme"), ("Räumlichkeiten", "Raumlichkeit")],
)
def test_umlauts_and_sharp_s_fold_the_same_way(a, b):
    assert tokens(a)[0] == tokens(b)[0]


def test_parts_follow_the_words_so_phrases_keep_their_positions():
    assert tokens("kooperative Entwicklungsplanung")[:2] == [
        tokens("kooperative")[0],
        tokens("Entwicklungsplanung")[0],
    ]
