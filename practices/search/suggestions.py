""" "Meinten Sie …": whole indexed words close to what was typed, the same on both databases."""

import difflib

from practices.search import german
from practices.search.text import WORDS

MIN_LENGTH = 4
CUTOFF = 0.75


def _whole_words(texts):
    """Words as written in the texts; gender forms stay whole ("Kund*innen"), never "innen"."""
    found = {}
    for text in texts:
        for match in german.WORD.finditer(text or ""):
            word = match.group()
            if len(word) >= MIN_LENGTH and not word.isdigit():
                found.setdefault(word.lower(), word)
    return found


def _labels(published):
    """Tag names and Thementisch titles of published practices: indexed words too."""
    return published.order_by().values_list("tags__name", "thementisch__title").distinct()


def suggest_words(published, q, candidate_texts, limit=3):
    """Suggest words from published practices close to q's words that would find something."""
    terms = [t for t in WORDS.findall(q.lower()) if len(t) >= MIN_LENGTH][:3]
    suggestions = []
    for term in terms:
        rows = [*candidate_texts(published, term), *_labels(published)]
        words = _whole_words(text for row in rows for text in row)
        known_stem = german.stem(term)
        close = difflib.get_close_matches(term, list(words), n=limit * 2, cutoff=CUTOFF)
        for lower in close:
            word = words[lower]
            if german.stem(lower) == known_stem or word in suggestions:
                continue
            suggestions.append(word)
    return suggestions[:limit]
