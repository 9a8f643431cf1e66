"""The relevance set (tests/search/relevance.toml): recall and precision per query class."""

import dataclasses
import statistics
import tomllib
from pathlib import Path

from django.conf import settings

RELEVANCE_FILE = Path(settings.BASE_DIR) / "tests" / "search" / "relevance.toml"


@dataclasses.dataclass
class Outcome:
    query: str
    kind: str
    recall: float
    precision: float
    missing: list
    unexpected: list


def load_queries(path=RELEVANCE_FILE):
    with open(path, "rb") as handle:
        return tomllib.load(handle)["queries"]


def _practice_hits(q):
    from practices import search
    from practices.models import Practice

    published = Practice.objects.published()
    text = search.clean_query(q)
    slugs = set(search.apply_search(published, text).values_list("slug", flat=True))
    if not slugs:
        # A person follows the first "Meinten Sie …" suggestion: that is what a typo finds.
        suggestions = search.suggest(published, text)
        if suggestions:
            slugs = set(
                search.apply_search(published, suggestions[0]).values_list("slug", flat=True)
            )
    return {f"practice:{slug}" for slug in slugs}


def _site_hits(q):
    from sitesearch.search import hit_ids

    return set(hit_ids(q))


def evaluate(queries=None):
    """Run every query of the set; return one Outcome per query."""
    outcomes = []
    for entry in queries or load_queries():
        if entry["target"] == "site":
            expected, found = set(entry["expected"]), _site_hits(entry["query"])
        else:
            expected = {f"practice:{slug}" for slug in entry["expected"]}
            found = _practice_hits(entry["query"])
        hits = expected & found
        outcomes.append(
            Outcome(
                query=entry["query"],
                kind=entry["class"],
                recall=len(hits) / len(expected) if expected else 1.0,
                precision=len(hits) / len(found) if found else (0.0 if expected else 1.0),
                missing=sorted(expected - found),
                unexpected=sorted(found - expected),
            )
        )
    return outcomes


def summary(outcomes):
    """Return {class: (queries, mean recall, mean precision)} plus "alle" over every query."""
    classes = {}
    for outcome in outcomes:
        classes.setdefault(outcome.kind, []).append(outcome)
    classes["alle"] = list(outcomes)
    return {
        kind: (
            len(items),
            statistics.fmean(o.recall for o in items),
            statistics.fmean(o.precision for o in items),
        )
        for kind, items in classes.items()
    }


def format_summary(outcomes, database):
    """Render the per-class table a person reads."""
    lines = [f"search relevance on {database}: class, queries, mean recall, mean precision"]
    for kind, (count, recall, precision) in summary(outcomes).items():
        lines.append(f"  {kind:<13} {count:>3}  recall {recall:.3f}  precision {precision:.3f}")
    return "\n".join(lines)
