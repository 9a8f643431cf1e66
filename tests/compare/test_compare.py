"""Compare 2 to 4 published entries from the address alone; bad ids get a German message."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from compare.selection import with_added
from tests.conftest import NON_PUBLISHED_STATES, make_practice

URL = reverse("compare:compare")


@pytest.fixture
def pair(forum):
    return [
        make_practice(forum, title="Erste Praxis", aspect="Kontakt", hurdles=["Zu wenig Zeit"]),
        make_practice(forum, title="Zweite Praxis", aspect="Kontakt", hurdles=["Kein Budget"]),
    ]


def ids(*practices):
    return ",".join(str(p.pk) for p in practices)


def test_entries_are_columns_and_fields_are_rows(client, pair):
    response = client.get(URL, {"ids": ids(*pair)})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<th scope="col">') == 2
    assert '<th scope="row">Kategorie</th>' in html
    assert html.index("Erste Praxis") < html.index("Zweite Praxis")
    # Hurdles side by side, one cell per entry.
    assert "<li>Zu wenig Zeit</li>" in html and "<li>Kein Budget</li>" in html


def test_only_differences_hides_equal_rows_without_javascript(client, pair):
    html = client.get(URL, {"ids": ids(*pair)}).content.decode()
    assert f'href="?ids={ids(*pair)}&amp;nur_unterschiede=1"' in html
    assert '<th scope="row">Aspekt</th>' in html
    only = client.get(URL, {"ids": ids(*pair), "nur_unterschiede": "1"}).content.decode()
    assert '<th scope="row">Aspekt</th>' not in only
    assert '<th scope="row">Hürden</th>' in only
    assert '<th scope="row">Beschreibung</th>' in only


def test_repeated_ids_and_commas_both_work_and_duplicates_count_once(client, pair):
    response = client.get(f"{URL}?ids={pair[1].pk}&ids={pair[0].pk},{pair[1].pk}")
    assert [p.pk for p in response.context["practices"]] == [pair[1].pk, pair[0].pk]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ids=abc", "Keine gültige Eintragsnummer: „abc“."),
        ("ids=1,-2", "Keine gültige Eintragsnummer: „-2“."),
        ("ids=0", "Keine gültige Eintragsnummer: „0“."),
        ("ids=99999999999999999999", "Keine gültige Eintragsnummer"),
        ("ids=1,2,3,4,5", "höchstens 4 Einträge vergleichen, gewählt sind 5"),
    ],
)
def test_malformed_ids_get_a_german_message_and_400(client, db, query, message):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_ids_are_named_and_the_rest_compared(client, pair):
    response = client.get(URL, {"ids": f"{ids(*pair)},987654"})
    assert response.status_code == 200
    assert "Eintrag 987654 gibt es nicht oder er ist nicht veröffentlicht." in (
        response.content.decode()
    )
    assert len(response.context["practices"]) == 2


def test_only_unknown_ids_are_404_with_a_message(client, db):
    response = client.get(URL, {"ids": "987654,987655"})
    assert response.status_code == 404
    assert "Die Einträge 987654, 987655 gibt es nicht" in response.content.decode()


def test_one_entry_asks_for_a_second(client, pair):
    html = client.get(URL, {"ids": str(pair[0].pk)}).content.decode()
    assert "mindestens zwei Einträge" in html


def test_empty_comparison_explains_how_to_start(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "zum Vergleich hinzufügen" in response.content.decode()


@pytest.mark.parametrize("state", NON_PUBLISHED_STATES)
def test_no_draft_is_ever_compared(client, admin_client, pair, state):
    draft = make_practice(pair[0].forum, title="Geheimer Entwurf", publication_state=state)
    for viewer in (client, admin_client):
        response = viewer.get(URL, {"ids": ids(*pair, draft)})
        html = response.content.decode()
        assert "Geheimer Entwurf" not in html
        assert f"Eintrag {draft.pk} gibt es nicht" in html
        assert draft not in response.context["practices"]


def test_cards_and_detail_page_link_to_the_comparison(client, pair):
    listing = client.get(reverse("practices:list"), {"vergleich": str(pair[0].pk)})
    html = listing.content.decode()
    assert f'href="/vergleich/?ids={pair[0].pk},{pair[1].pk}"' in html
    detail = client.get(pair[1].get_absolute_url()).content.decode()
    assert f'href="/vergleich/?ids={pair[1].pk}"' in detail
    assert "zum Vergleich hinzufügen" in detail


def test_added_ids_keep_at_most_four_and_ignore_garbage():
    assert with_added("1,2,3,4", 9) == "1,2,3,9"
    assert with_added("x,1", 9) == "9"
    assert with_added("9,1", 9) == "1,9"
    assert with_added("", 9) == "9"


def test_comparison_query_count_does_not_grow_with_entries(
    client, forum, django_assert_max_num_queries
):
    practices = [make_practice(forum, tags=["A", "B"], hurdles=["x", "y"]) for _ in range(4)]
    # The entries, their tags, hurdles and public project attributions.
    with django_assert_max_num_queries(4):
        assert client.get(URL, {"ids": ids(*practices)}).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(URL, {"ids": "a"}).status_code == 400


@given(value=st.text(max_size=40), flag=st.sampled_from(["", "1", "ja"]))
@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_ids_value_gets_an_answer_never_a_server_error(client, pair, value, flag):
    response = client.get(URL, {"ids": value, "nur_unterschiede": flag})
    assert response.status_code in {200, 400, 404}
