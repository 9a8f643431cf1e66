"""The API's practice list is the JSON export's rows, for any filters the list page takes."""

import json
import random
from urllib.parse import urlencode

import pytest
from taggit.models import Tag

from practices.filters import FUNDING_WAVE_CHOICES
from practices.listing import SORTS
from practices.models import Practice, Project

pytestmark = pytest.mark.django_db
COMBINATIONS = 20


def _choices():
    published = Practice.objects.published()
    return {
        "kategorie": Practice.Category.values,
        "status": Practice.Status.values,
        "art": Practice.EntryType.values,
        "forum": sorted(set(published.values_list("forum__slug", flat=True))),
        "thementisch": sorted(
            set(published.exclude(thementisch=None).values_list("thementisch__slug", flat=True))
        ),
        "projekt": sorted(Project.objects.values_list("slug", flat=True)),
        "tag": sorted(
            Tag.objects.filter(practices_taggedpractice_items__content_object__in=published)
            .values_list("slug", flat=True)
            .distinct()
        ),
        "foerderwelle": [value for value, _label in FUNDING_WAVE_CHOICES],
        "mit_huerden": ["ja"],
        "q": ["Jobcenter", "Beratung", "Netzwerk", "Gesundheit"],
        "sort": list(SORTS),
    }


MULTIPLE = {"kategorie", "art", "forum", "tag"}


def _combination(rng, choices):
    params = []
    for name in rng.sample(sorted(choices), rng.randint(1, 3)):
        values = choices[name]
        if not values:
            continue
        count = rng.randint(1, min(3, len(values))) if name in MULTIPLE else 1
        params += [(name, value) for value in rng.sample(values, count)]
    return params


def _walk(client, params, limit):
    url, rows = f"/api/v1/practices?{urlencode([*params, ('limit', limit)])}", []
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        body = response.json()
        rows += body["results"]
        url = body["next"]
    return rows


def test_api_returns_the_json_exports_rows_for_random_filter_combinations(client, content):
    rng = random.Random(20)
    choices = _choices()
    non_empty = 0
    for _ in range(COMBINATIONS):
        params = _combination(rng, choices)
        response = client.get(f"/praxis/export.json?{urlencode(params)}")
        export = json.loads(b"".join(response.streaming_content))
        assert not export["meta"]["notices"], params
        api_rows = _walk(client, params, rng.choice([7, 20, 100]))
        assert api_rows == export["results"], params
        non_empty += bool(api_rows)
    # The combinations must mostly match something, or the comparison proves little.
    assert non_empty >= COMBINATIONS // 2
