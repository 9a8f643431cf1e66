"""Property-based fuzzing of every public endpoint: never a server error, never a draft."""

import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import make_practice

pytestmark = pytest.mark.django_db

EXAMPLES = 500
SECRET = "Wolpertingerbeobachtung"
KEYS = [
    "q",
    "kategorie",
    "status",
    "forum",
    "thementisch",
    "projekt",
    "tag",
    "foerderwelle",
    "mit_huerden",
    "sort",
    "page",
    "pro_seite",
    "trennzeichen",
    "bundesland",
]
KNOWN_VALUES = [
    "finanzierung",
    "sonstiges",
    "geplant",
    "umgesetzt",
    "fachforum-2025",
    "fachforum-2023",
    "netzwerkarbeit",
    "proges",
    "1",
    "3",
    "ja",
    "relevanz",
    "titel",
    "forum",
    "neueste",
    "0",
    "-1",
    "10",
    "100",
    "99999999999999999999",
    "komma",
    "hessen",
    "",
    " ",
]
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
value = st.one_of(st.sampled_from(KNOWN_VALUES), text, st.integers().map(str))
pairs = st.lists(st.tuples(st.one_of(st.sampled_from(KEYS), text), value), max_size=8)
raw_suffix = st.sampled_from(["", "&q=%FF%FE", "&kategorie=%E4%ZZ", "&%00=%00", "&q=" + "a" * 300])
ENDPOINTS = [
    "/praxis/",
    "/praxis/export.csv",
    "/praxis/export.json",
    "/praxis/export.xlsx",
    "/foren/fachforum-2025/",
    "/foren/",
    "/projekte/",
    "/projekte/proges/",
    "/huerden/",
    "/huerden/export.json",
]


@pytest.fixture
def hidden_draft(content):
    return make_practice(
        content.get(slug="fachforum-2025"),
        title=f"{SECRET} Entwurf",
        description=SECRET,
        publication_state="entwurf",
        category="finanzierung",
        tags=["Netzwerkarbeit"],
    )


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_random_query_strings_never_cause_an_error_or_a_leak(client, hidden_draft, endpoint):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(pairs, raw_suffix)
    def check(query_pairs, suffix):
        query = urllib.parse.urlencode(query_pairs, encoding="utf-8", errors="surrogatepass")
        response = client.get(f"{endpoint}?{query}{suffix}")
        assert response.status_code < 500, (endpoint, query)
        assert SECRET.encode() not in body_of(response)

    check()
