import itertools

import pytest

from glossary import lookup
from glossary.models import Term

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_glossary_cache():
    """Each test starts without a cached snapshot (tests roll back without a commit)."""
    lookup.clear()
    yield
    lookup.clear()


def make_term(short=None, **fields):
    n = next(_counter)
    short = short or f"T{n}X"
    defaults = {"long": f"Testbegriff {n}", "explanation": "Eine Erklärung.", "slug": f"t-{n}"}
    return Term.objects.create(short=short, **{**defaults, **fields})
