"""The public practice list: filters, facet counts, search, bad input, drafts, query counts."""

import pytest
from django.urls import reverse

from practices.models import Practice, Project, ProjectAttribution
from tests.conftest import NON_PUBLISHED_STATES, make_forum, make_practice, make_thementisch
from tests.practices.facet_clicks import after_click

pytestmark = pytest.mark.django_db
LIST = reverse("practices:list")


@pytest.fixture
def sample():
    """Six published practices in two forums, plus one draft of each other state."""
    # Hide the curated content (rolled back after the test) so counts are exact.
    Practice.objects.update(publication_state=Practice.PublicationState.ARCHIVIERT)
    old, new = (
        make_forum(slug="alt", title="Altes Forum"),
        make_forum(slug="neu", title="Neues Forum"),
    )
    table = make_thementisch(new, slug="ag-netz", title="AG Netzwerk")
    wave2 = Project.objects.create(short_name="PRO2", slug="pro2", funding_wave=2)
    p = {
        "a": make_practice(
            old,
            title="Gesundheitscoaching im Jobcenter",
            category="angebote-traeger",
            status="umgesetzt",
            tags=["Coaching"],
            hurdles=["Aber teuer"],
        ),
        "b": make_practice(
            old,
            title="Finanzierung über ESF",
            category="finanzierung",
            status="geplant",
            tags=["Finanzierung"],
        ),
        "c": make_practice(
            new,
            title="Netzwerkkarte pflegen",
            category="angebote-traeger",
            status="geplant",
            thementisch=table,
            tags=["Netzwerkarbeit", "Coaching"],
        ),
        "d": make_practice(
            new,
            title="Über Grenzen denken",
            category="sonstiges",
            status="umgesetzt",
            description="Übergänge in Arbeit begleiten",
        ),
        "e": make_practice(
            new,
            title="Teamaufbau Gesundheit",
            category="strukturen-organisationsentwicklung",
            status="umgesetzt",
            tags=["Coaching"],
        ),
        "f": make_practice(
            new, title="Budget für Prävention", category="finanzierung", status="umgesetzt"
        ),
    }
    ProjectAttribution.objects.create(practice=p["c"], project=wave2, is_public=True)
    ProjectAttribution.objects.create(practice=p["e"], project=wave2, is_public=False)
    for state in NON_PUBLISHED_STATES:
        make_practice(
            new,
            title=f"Geheimer Entwurf {state}",
            category="finanzierung",
            publication_state=state,
            status="umgesetzt",
            tags=["Geheimtag"],
            description="Netzwerkkarte geheim",
        )
    return p


def titles(response):
    return [practice.title for practice in response.context["practices"]]


def test_list_shows_only_published_practices(client, sample):
    response = client.get(LIST, {"pro_seite": 100})
    assert response.status_code == 200
    assert response.context["total"] == 6
    assert not any("Geheim" in t for t in titles(response))
    assert "Geheimtag" not in response.content.decode()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kategorie": "finanzierung"}, {"b", "f"}),
        ({"kategorie": ["finanzierung", "sonstiges"]}, {"b", "d", "f"}),
        ({"status": "geplant"}, {"b", "c"}),
        ({"forum": "alt"}, {"a", "b"}),
        ({"forum": ["alt", "neu"], "status": "geplant"}, {"b", "c"}),
        ({"thementisch": "ag-netz"}, {"c"}),
        ({"projekt": "pro2"}, {"c"}),
        ({"foerderwelle": "2"}, {"c"}),
        ({"tag": "coaching"}, {"a", "c", "e"}),
        ({"tag": ["finanzierung", "netzwerkarbeit"]}, {"b", "c"}),
        ({"mit_huerden": "ja"}, {"a"}),
        ({"kategorie": "angebote-traeger", "tag": "coaching", "status": "umgesetzt"}, {"a"}),
    ],
)
def test_filters_combine_as_documented(client, sample, params, expected):
    response = client.get(LIST, params)
    assert set(titles(response)) == {sample[k].title for k in expected}
    assert response.context["total"] == len(expected)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "umgesetzt"},
        {"kategorie": "finanzierung", "forum": "neu"},
        {"tag": "coaching", "q": "Gesundheit"},
        {"tag": ["coaching", "finanzierung"], "kategorie": ["sonstiges", "finanzierung"]},
    ],
)
def test_each_facet_count_equals_the_total_after_clicking_that_option(client, sample, params):
    response = client.get(LIST, params)
    for facet in response.context["facets"]:
        for option in facet.options:
            clicked = after_click(response.context["params"], facet, option)
            assert client.get(LIST, clicked).context["total"] == option.count, (facet.name, option)


def test_ticking_one_more_category_shows_the_total_it_would_give(client, sample):
    response = client.get(LIST, {"kategorie": "finanzierung"})
    counts = {o.value: o.count for o in response.context["facets"][0].options}
    # Two practices are Finanzierung; each other category adds its own to those two.
    assert counts == {
        "angebote-traeger": 2 + 2,
        "finanzierung": 2,
        "strukturen-organisationsentwicklung": 1 + 2,
        "sonstiges": 1 + 2,
    }


def test_ticking_one_more_tag_counts_only_the_practices_it_adds(client, sample):
    response = client.get(LIST, {"tag": "coaching"})
    counts = {
        o.value: o.count for f in response.context["facets"] if f.name == "tag" for o in f.options
    }
    # Netzwerkarbeit's only practice already carries Coaching: ticking it adds nothing.
    assert counts == {"coaching": 3, "netzwerkarbeit": 3, "finanzierung": 4}


def test_facet_choices_never_name_draft_only_tags(client, sample):
    response = client.get(LIST)
    tag_values = {o.value for f in response.context["facets"] if f.name == "tag" for o in f.options}
    assert "geheimtag" not in tag_values


def test_search_finds_umlauts_case_insensitively(client, sample):
    assert "Über Grenzen denken" in titles(client.get(LIST, {"q": "über"}))
    assert "Über Grenzen denken" in titles(client.get(LIST, {"q": "ÜBERGÄNGE"}))


def test_search_highlights_the_match(client, sample):
    response = client.get(LIST, {"q": "Übergänge"})
    assert "<mark>Übergänge</mark>" in response.content.decode()


def test_search_does_not_find_drafts(client, sample):
    response = client.get(LIST, {"q": "geheim"})
    assert response.context["total"] == 0


def test_search_is_sorted_by_relevance_by_default(client, sample):
    response = client.get(LIST, {"q": "Netzwerkkarte"})
    assert response.context["sort_key"] == "relevanz"
    assert titles(response)[0] == "Netzwerkkarte pflegen"


def test_a_search_without_results_suggests_close_words(client, sample):
    response = client.get(LIST, {"q": "Netzwerkkarten pflegn"})
    assert response.context["total"] == 0 or response.context["suggestions"] == []
    response = client.get(LIST, {"q": "Netzwerkkrte"})
    assert response.context["total"] == 0
    assert "Netzwerkkarte" in response.context["suggestions"]


@pytest.mark.parametrize(
    "sort, first",
    [("titel", "Budget für Prävention"), ("forum", None), ("neueste", "Budget für Prävention")],
)
def test_sorting_uses_the_whitelist(client, sample, sort, first):
    response = client.get(LIST, {"sort": sort})
    assert response.status_code == 200
    if first:
        assert titles(response)[0] == first


@pytest.mark.parametrize(
    "query",
    [
        {"kategorie": "unbekannt"},
        {"status": "vielleicht"},
        {"status": ["geplant", "umgesetzt"]},
        {"forum": "gibt-es-nicht"},
        {"tag": ["coaching", "<script>"]},
        {"foerderwelle": "7"},
        {"sort": "DROP TABLE"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "999999999999999999999"},
        {"pro_seite": "0"},
        {"pro_seite": "1e9"},
        {"q": "\x00\x01"},
        {"q": '"unbalanced OR -( & | ! :*'},
        {"q": "a" * 10_000},
        {"q": "' OR 1=1 --"},
        {"thementisch": "../../etc"},
        {"mit_huerden": "vielleicht"},
    ],
)
def test_bad_input_gets_a_page_with_a_notice_never_an_error(client, sample, query):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert response.context["listing"].notices or query.get("q")


def test_broken_utf8_in_the_query_string_is_handled(client, sample):
    response = client.get(LIST + "?q=%FF%FE%C3&kategorie=%E4")
    assert response.status_code == 200


def test_an_overlong_search_is_cut_to_200_characters_with_a_notice(client, sample):
    response = client.get(LIST, {"q": "Netzwerkkarte " * 50})
    listing = response.context["listing"]
    assert len(listing.search_text) <= 200
    assert any("gekürzt" in n for n in listing.notices)


def test_unknown_values_are_named_in_the_notice_and_valid_ones_kept(client, sample):
    response = client.get(LIST, {"tag": ["coaching", "gibtsnicht"]})
    assert any("gibtsnicht" in n for n in response.context["listing"].notices)
    assert response.context["total"] == 3


def test_a_page_beyond_the_last_shows_the_last_page_with_a_notice(client, sample):
    response = client.get(LIST, {"page": 99, "pro_seite": 10})
    assert response.context["page_obj"].number == 1
    assert any("gibt es nicht" in n for n in response.context["listing"].notices)


def test_pagination_links_keep_the_filters(client, forum):
    for i in range(12):
        make_practice(forum, title=f"Seitenpraxis {i}", category="finanzierung")
    response = client.get(LIST, {"kategorie": "finanzierung", "pro_seite": 10})
    html = response.content.decode()
    assert "?kategorie=finanzierung&amp;pro_seite=10&amp;page=2" in html


def test_active_filters_are_chips_that_remove_themselves(client, sample):
    response = client.get(LIST, {"kategorie": ["finanzierung", "sonstiges"], "status": "umgesetzt"})
    chips = {c["value"]: c["remove_query"] for c in response.context["chips"]}
    assert chips["Finanzierung"] == "status=umgesetzt&kategorie=sonstiges"


def test_an_empty_result_explains_and_offers_to_drop_a_filter(client, sample):
    response = client.get(LIST, {"kategorie": "sonstiges", "status": "geplant"})
    html = response.content.decode()
    assert "Keine Praxisbeispiele gefunden" in html
    assert "Status: geplant entfernen" in html


def test_project_attribution_shows_only_where_public(client, sample):
    html = client.get(LIST, {"pro_seite": 100}).content.decode()
    detail = client.get(sample["e"].get_absolute_url()).content.decode()
    assert html.count(">PRO2<") == 1
    assert "PRO2" not in detail


@pytest.mark.parametrize("per_page", [10, 100])
def test_list_query_count_is_constant_whatever_the_page_size(
    client, sample, django_assert_max_num_queries, per_page
):
    for i in range(30):
        make_practice(tags=["Coaching", f"Extra {i}"], hurdles=["Aber x"])
    # The checked references, one query for all facets (practices.facet_pass), the page's ids,
    # its rows and one query per relation (tags, hurdles, projects).
    with django_assert_max_num_queries(7):
        client.get(
            LIST, {"pro_seite": per_page, "forum": "neu", "tag": "coaching", "q": "Netzwerk"}
        )
    with django_assert_max_num_queries(6):
        client.get(LIST, {"pro_seite": per_page})


@pytest.mark.parametrize("state", NON_PUBLISHED_STATES)
def test_non_published_practice_detail_is_404_for_the_public(client, forum, state):
    practice = make_practice(forum, publication_state=state)
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_researchers_preview_a_draft_with_a_banner(admin_client, forum):
    practice = make_practice(forum, publication_state=Practice.PublicationState.ENTWURF)
    response = admin_client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert "Entwurf" in response.content.decode()
