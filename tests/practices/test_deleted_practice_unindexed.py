"""A deleted practice leaves no trace in either search index."""

import pytest
from django.db.models import Q

from practices.search import reindex_after
from sitesearch.models import SearchDocument
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db


def _found(client, word):
    listed = client.get("/praxis/", {"q": word}).context["page_obj"].paginator.count
    documents = SearchDocument.objects.filter(
        Q(title__icontains=word) | Q(text__icontains=word)
    ).count()
    return listed, documents


@pytest.mark.parametrize("deferred", [False, True])
def test_deleting_a_published_practice_with_hurdles_removes_it_from_search(client, deferred):
    practice = make_practice(title="Beratung Quokka", hurdles=["Quokka fehlen", "Zeit"])
    listed, documents = _found(client, "Quokka")
    assert listed == 1 and documents >= 2  # the practice and its hurdle
    if deferred:
        with reindex_after():
            practice.delete()
    else:
        practice.delete()
    assert _found(client, "Quokka") == (0, 0)
