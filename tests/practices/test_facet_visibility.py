"""What the facets show: empty facets hidden, unpublished references unknown, tags explained."""

import pytest
from django.urls import reverse

from practices.models import Practice, Project, ProjectAttribution
from tests.conftest import make_forum, make_practice, make_thementisch

pytestmark = pytest.mark.django_db
LIST = reverse("practices:list")


@pytest.fixture
def hidden_curation():
    # Hide the curated content (rolled back after the test) so the data is only ours.
    Practice.objects.update(publication_state=Practice.PublicationState.ARCHIVIERT)


def facet_names(response):
    return [facet.name for facet in response.context["facets"]]


def test_a_facet_without_data_is_not_shown_not_even_its_heading(client, hidden_curation):
    make_practice(tags=["Coaching"])
    response = client.get(LIST)
    assert "foerderwelle" not in facet_names(response)
    assert "Förderwelle" not in response.content.decode()


def test_a_hidden_facet_still_filters_and_shows_its_choice(client, hidden_curation):
    project = Project.objects.create(short_name="P2", slug="p2", funding_wave=2)
    inside, _outside = make_practice(), make_practice()
    ProjectAttribution.objects.create(practice=inside, project=project, is_public=True)
    assert "foerderwelle" in facet_names(client.get(LIST))
    ProjectAttribution.objects.all().delete()
    response = client.get(LIST, {"foerderwelle": "2"})
    assert response.context["total"] == 0
    assert not response.context["listing"].notices
    # Chosen, so shown (with its "alle" choice) although nothing matches: it can be undone.
    assert "foerderwelle" in facet_names(response)


def test_a_facet_with_data_appears_once_a_practice_has_it(client, hidden_curation):
    project = Project.objects.create(short_name="P1", slug="p1", funding_wave=1)
    practice = make_practice()
    ProjectAttribution.objects.create(practice=practice, project=project, is_public=True)
    response = client.get(LIST)
    waves = next(f for f in response.context["facets"] if f.name == "foerderwelle")
    assert [(o.value, o.count) for o in waves.options] == [("1", 1), ("2", 0), ("3", 0)]


def test_a_chosen_value_without_matches_is_kept_by_the_filter_form(client, hidden_curation):
    forum, other = make_forum(slug="voll"), make_forum(slug="leer")
    make_practice(forum, category="finanzierung")
    make_practice(other, category="sonstiges")
    response = client.get(LIST, {"forum": ["voll", "leer"], "kategorie": "finanzierung"})
    assert ("forum", "leer") in response.context["listing"].hidden_params()
    assert ("forum", "voll") not in response.context["listing"].hidden_params()


def test_the_tag_facet_says_how_several_tags_combine(client, hidden_curation):
    make_practice(tags=["Coaching"])
    html = client.get(LIST).content.decode()
    assert "Mehrere Schlagworte: Treffer mit mindestens einem davon." in html
    assert 'aria-describedby="f-tag-hinweis"' in html


def test_old_links_with_several_tags_still_work_and_find_any_of_them(client, hidden_curation):
    a = make_practice(tags=["Coaching"])
    b = make_practice(tags=["Netzwerkarbeit"])
    make_practice(tags=["Finanzierung"])
    response = client.get(LIST, {"tag": ["coaching", "netzwerkarbeit"]})
    assert {p.pk for p in response.context["practices"]} == {a.pk, b.pk}
    assert not response.context["listing"].notices


def answer(client, params):
    response = client.get(LIST, params)
    practices = {p.pk for p in response.context["practices"]}
    return response.context["total"], practices, response.context["listing"].notices


def test_a_tag_only_drafts_carry_answers_exactly_like_an_unknown_tag(client, hidden_curation):
    make_practice(tags=["Coaching"])
    make_practice(tags=["Geheimtag"], publication_state=Practice.PublicationState.ENTWURF)
    total, practices, notices = answer(client, {"tag": ["geheimtag", "coaching"]})
    unknown = answer(client, {"tag": ["gibtsnicht", "coaching"]})
    assert (total, practices) == unknown[:2]
    assert [n.replace("geheimtag", "gibtsnicht") for n in notices] == unknown[2]
    assert notices  # both are named as unknown


def test_forum_thementisch_and_project_are_known_exactly_when_their_public_page_is(
    client, hidden_curation
):
    """They have public pages of their own, so accepting them reveals nothing unpublished."""
    forum = make_forum(slug="nur-entwuerfe")
    table = make_thementisch(forum, slug="tisch-entwurf")
    project = Project.objects.create(short_name="PE", slug="projekt-entwurf", funding_wave=1)
    draft = make_practice(
        forum, thementisch=table, publication_state=Practice.PublicationState.ENTWURF
    )
    ProjectAttribution.objects.create(practice=draft, project=project, is_public=True)
    make_practice()
    cases = [
        ("forum", "nur-entwuerfe", forum.get_absolute_url()),
        ("thementisch", "tisch-entwurf", table.get_absolute_url()),
        ("projekt", "projekt-entwurf", project.get_absolute_url()),
        ("forum", "gibtsnicht", reverse("forums:detail", args=["gibtsnicht"])),
        (
            "thementisch",
            "gibtsnicht",
            reverse("forums:thementisch", args=["nur-entwuerfe", "gibtsnicht"]),
        ),
        ("projekt", "gibtsnicht", reverse("practices:project_detail", args=["gibtsnicht"])),
    ]
    for name, slug, page in cases:
        public = client.get(page).status_code == 200
        total, _practices, notices = answer(client, {name: slug})
        assert bool(notices) is not public, (name, slug)
        # Known: filters (nothing published there); unknown: ignored, all practices listed.
        assert total == (0 if public else 1), (name, slug)
