""" "Meinten Sie …": whole indexed words close to what was typed, the same on both databases.

Candidates come from the published search documents (app `sitesearch`) whose tokens start
like the typed word, read in id order: the same rows, so the same words, on both databases.
"""

import difflib

from django.db.models import Q

from practices.search import german
from practices.search.text import WORDS

MIN_LENGTH = 4
PREFIX = 4  # a typo rarely sits in a word's first letters
CUTOFF = 0.75
CANDIDATE_DOCUMENTS = 200


def _whole_words(texts):
    """Words as written in the texts; gender forms stay whole ("Kund*innen"), never "innen"."""
    found = {}
    for text in texts:
        for match in german.WORD.finditer(text or ""):
            word = match.group()
            if len(word) >= MIN_LENGTH and not word.isdigit():
                found.setdefault(word.lower(), word)
    return found


def _candidate_texts(documents, term):
    prefix = german.stem(term)[:PREFIX]
    starts = Q()
    for field in ("title_tokens", "body_tokens"):
        starts |= Q(**{f"{field}__startswith": prefix}) | Q(**{f"{field}__contains": f" {prefix}"})
    rows = documents.filter(starts).order_by("id").values_list("title", "text", "labels")
    return rows[:CANDIDATE_DOCUMENTS]


def suggest_words(documents, q, limit=3):
    """Suggest words of the documents close to q's words; never the word itself or a fragment."""
    terms = [t for t in WORDS.findall(q.lower()) if len(t) >= MIN_LENGTH][:3]
    suggestions = []
    for term in terms:
        words = _whole_words(text for row in _candidate_texts(documents, term) for text in row)
        typed = german.stem(term)
        for lower in difflib.get_close_matches(term, list(words), n=limit * 2, cutoff=CUTOFF):
            word = words[lower]
            if german.stem(lower) != typed and word not in suggestions:
                suggestions.append(word)
    return suggestions[:limit]
