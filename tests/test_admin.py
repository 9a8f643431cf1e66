"""The researchers' admin: every page renders, columns and search work."""

import pytest
from django.urls import reverse

from forums.models import Document, Forum, LoadedContent, Study, Thementisch
from practices.models import Hurdle, Practice, Project
from tests.conftest import make_practice

MODELS = [Forum, Thementisch, Document, Study, Project, Practice, Hurdle, LoadedContent]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_render_for_a_superuser(admin_client, content, model):
    assert admin_client.get(_url(model, "changelist")).status_code == 200
    if model is not LoadedContent:
        assert admin_client.get(_url(model, "add")).status_code == 200
    obj = model.objects.first()
    assert admin_client.get(_url(model, "change", obj.pk)).status_code == 200


def test_practice_changelist_shows_the_expected_columns_and_tags(admin_client, content):
    response = admin_client.get(_url(Practice, "changelist"))
    html = response.content.decode()
    for column in ("Titel", "Kategorie", "Status", "Fachforum", "Veröffentlichungsstatus"):
        assert column in html
    assert "Schlagworte" in html
    assert "Netzwerkarbeit" in html


def test_practice_changelist_needs_no_query_per_row(
    admin_client, content, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        admin_client.get(_url(Practice, "changelist"))


def test_admin_search_finds_a_practice_by_a_word_of_its_description(admin_client, forum):
    make_practice(forum, title="Ohne Suchwort", description="Ein Quartiersmanagement hilft")
    response = admin_client.get(_url(Practice, "changelist"), {"q": "Quartiersmanagement"})
    assert "Ohne Suchwort" in response.content.decode()


def test_admin_refuses_to_delete_a_forum_that_still_has_practices(admin_client, forum):
    make_practice(forum)
    response = admin_client.post(_url(Forum, "delete", forum.pk), {"post": "yes"})
    assert Forum.objects.filter(pk=forum.pk).exists()
    assert "geschützte" in response.content.decode() or response.status_code == 200
