"""The glossary as data: synonym groups, abbreviations, and a cache that follows every change."""

import pytest

from glossary import lookup
from glossary.models import Term
from tests.glossary.conftest import make_term

pytestmark = pytest.mark.django_db


def test_a_terms_forms_are_one_group_lower_cased_and_whitespace_normalised(content):
    make_term(
        "XYZ",
        long="Gesetzliche   Xyz-Versicherung",
        variants="Xyz-Kasse\n\n  Xyz  Kasse Nord \n",
        slug="xyz",
    )
    assert (
        frozenset({"xyz", "gesetzliche xyz-versicherung", "xyz-kasse", "xyz kasse nord"})
        in lookup.synonym_groups()
    )


def test_the_seed_holds_the_fields_core_synonyms(content):
    groups = lookup.synonym_groups()

    def group_of(form):
        return next(g for g in groups if form in g)

    assert {"jc", "jobcenter"} <= group_of("jc")
    assert {"tn", "teilnehmende", "teilnehmer"} <= group_of("tn")
    assert {"gkv", "gesetzliche krankenversicherung", "krankenkasse"} <= group_of("gkv")
    assert {"drv", "rv", "deutsche rentenversicherung", "rentenversicherung"} <= group_of("rv")
    assert {"ifk", "integrationsfachkraft"} <= group_of("ifk")
    assert {"fm", "fallmanagement"} <= group_of("fm")
    assert {"sgb ii", "zweites buch sozialgesetzbuch"} <= group_of("sgb ii")


def test_draft_terms_are_neither_in_groups_nor_abbreviations_nor_the_public_list(content):
    make_term("GEHEIM", long="Geheimbegriff", is_public=False)
    assert not any("geheim" in g for g in lookup.synonym_groups())
    assert "GEHEIM" not in lookup.abbreviations()
    assert "GEHEIM" not in [t.short for t in lookup.public_terms()]


def test_abbreviations_map_the_short_form_as_written_and_skip_terms_without_long_form(content):
    abbreviations = lookup.abbreviations()
    assert abbreviations["JC"].long == "Jobcenter"
    assert abbreviations["SGB II"].short == "SGB II"
    assert "jc" not in abbreviations
    assert "rehapro" not in abbreviations  # a term, not an abbreviation: nothing to expand


def test_public_terms_are_in_german_glossary_order(content):
    shorts = [t.short for t in lookup.public_terms()]
    assert shorts.index("ÄD") < shorts.index("AG") < shorts.index("AGH") < shorts.index("BA")
    assert shorts.index("ÖGD") < shorts.index("PAP")


@pytest.mark.django_db(transaction=True)
def test_the_cached_snapshot_follows_saves_and_deletes_after_commit(content):
    before = lookup.snapshot()
    assert lookup.snapshot() is before  # cached outside a transaction
    term = make_term("NEUAB", long="Neue Abkürzung")
    assert "NEUAB" in lookup.abbreviations()
    term.long = "Geänderte Abkürzung"
    term.save()
    assert lookup.abbreviations()["NEUAB"].long == "Geänderte Abkürzung"
    term.delete()
    assert "NEUAB" not in lookup.abbreviations()


@pytest.mark.django_db(transaction=True)
def test_another_process_notices_a_change_through_the_content_version(content):
    cached = lookup.snapshot()
    # Another process changes a term: its signals run there, not here. Simulate only that
    # this process missed the signal by writing without the ORM's save(), then bumping the
    # version exactly as that process's commit would.
    Term.objects.filter(short="JC").update(long="Job-Center")
    assert lookup.snapshot() is cached
    from rehapro_kb.page_cache import content_changed

    content_changed()  # autocommit: runs at once
    assert lookup.abbreviations()["JC"].long == "Job-Center"


@pytest.mark.django_db(transaction=True)
def test_a_cache_hit_costs_one_query(content, django_assert_num_queries):
    lookup.snapshot()
    with django_assert_num_queries(1):
        lookup.synonym_groups()


def test_inside_a_transaction_the_glossary_is_read_fresh_and_never_shared(
    content, django_assert_num_queries
):
    make_term("FRISCH", long="Frisch angelegt")
    with django_assert_num_queries(1):
        assert "FRISCH" in lookup.abbreviations()
    assert lookup._snapshot._cached is None
