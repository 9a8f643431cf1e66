"""Slugs of new practices: German spelling, unique by number, within the field's length."""

import pytest

from practices.models import Practice
from practices.slugs import unique_practice_slug
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db


def test_umlauts_and_sharp_s_are_spelled_out():
    assert unique_practice_slug("Ärger über Maß & Größe") == "aerger-ueber-mass-groesse"


def test_a_taken_slug_gets_the_next_free_number_and_is_marked_taken(forum):
    make_practice(forum, slug="uebergaenge")
    make_practice(forum, slug="uebergaenge-2")
    taken = {"uebergaenge-3"}
    assert unique_practice_slug("Übergänge", taken) == "uebergaenge-4"
    assert "uebergaenge-4" in taken


def test_a_long_title_is_cut_and_still_fits_with_a_number():
    title = "Lange Überschrift " * 20
    first = unique_practice_slug(title)
    second = unique_practice_slug(title, {first})
    assert second == f"{first}-2"
    assert len(second) <= Practice._meta.get_field("slug").max_length
    assert not first.endswith("-")


def test_a_title_without_letters_or_digits_gets_a_generic_slug():
    assert unique_practice_slug("„…“") == "praxis"
