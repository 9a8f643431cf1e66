"""Search text of any kind never breaks a page, on either database (CI runs both)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practices.models import Practice

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/praxis/",
    "/suche/",
    "/praxis/export.csv",
    "/praxis/export.json",
    "/praxis/export.xlsx",
]
SYNTAX = ["-", '"', "OR", "or", "*", ":", "&", "|", "!", "<->", "(", ")", "'", "\\", "^", "NEAR"]
WORD = st.sampled_from(["Jobcenter", "JC", "Kund*innen", "Budget", "über", "ß", "SGB II"])
pieces = st.one_of(
    st.sampled_from(SYNTAX),
    WORD,
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.integers(min_value=1, max_value=400).map(lambda n: "-" * n),
    st.just("\x00"),
)
search_text = st.lists(pieces, max_size=12).map(" ".join)


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "q",
    ["-" * 32, "-" * 33, "-" * 500, '"' * 41, "a" * 5000, "\x00", "-jobcenter", "!(", "OR OR -"],
)
def test_known_troublemakers_answer_normally(client, content, endpoint, q):
    response = client.get(endpoint, {"q": q})
    assert response.status_code == 200, (endpoint, q)
    body_of(response)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_random_search_text_never_causes_an_error(client, content, endpoint):
    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(search_text)
    def check(q):
        response = client.get(endpoint, {"q": q})
        assert response.status_code < 500, (endpoint, q)
        body_of(response)

    check()


def test_minus_word_alone_means_everything_without_the_word(client, content):
    published = Practice.objects.published()
    response = client.get("/praxis/", {"q": "-jobcenter", "pro_seite": 100})
    with_word = client.get("/praxis/", {"q": "jobcenter", "pro_seite": 100}).context["total"]
    assert with_word > 0
    assert response.context["total"] == published.count() - with_word
