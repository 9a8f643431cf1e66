"""The relevance set: mean recall and precision of the search on the loaded forum content."""

import pytest

from practices.search import relevance

pytestmark = pytest.mark.django_db

RECALL, PRECISION = 0.95, 0.90


def test_the_relevance_set_is_large_and_covers_every_class():
    queries = relevance.load_queries()
    assert len(queries) >= 60
    classes = {q["class"] for q in queries}
    assert classes >= {"inflection", "compound", "gender", "abbreviation", "synonym"}
    assert classes >= {"umlaut", "typo", "phrase", "site"}
    assert all(q["expected"] for q in queries)


def test_search_meets_the_recall_and_precision_targets(content, django_db_blocker):
    outcomes = relevance.evaluate()
    _count, recall, precision = relevance.summary(outcomes)["alle"]
    report = relevance.format_summary(outcomes, "this database")
    print(report)
    assert recall >= RECALL, report
    assert precision >= PRECISION, report
