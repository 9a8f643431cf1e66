"""What a person typed, as a structure both databases can match: words, phrases, OR, -word.

A query is OR-groups of clauses; a clause matches when any of its alternatives does; an
alternative is phrases that must all occur; a phrase is tokens in a row. A word or phrase
in the glossary matches every form of its group ("JC" → "jobcenter").
"""

import dataclasses
import functools
import re

from practices.search import german

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
MAX_CLAUSES = 16  # longer input adds nothing but work; the rest is ignored
MAX_NGRAM = 3  # longest glossary form recognised among unquoted words


@dataclasses.dataclass
class Query:
    groups: list  # [[clause, ...], ...]  OR of ANDs; clause = [alternative, ...]
    negatives: list  # clauses none of which may match

    @property
    def positive_tokens(self):
        """Every token a match may contain (to highlight snippets)."""
        return {
            token
            for group in self.groups
            for clause in group
            for alternative in clause
            for phrase in alternative
            for token in phrase
        }


def _main_tokens(text):
    return tuple(german.stem(word) for word in german.words(text))


@functools.lru_cache(maxsize=4)
def _synonym_index(groups):
    # Kept per set of groups: a page parses its search up to three times, and building the
    # index stems every glossary form. Callers only read it.
    index = {}
    for group in groups:
        forms = {_main_tokens(form) for form in group} - {()}
        for form in forms:
            index.setdefault(form, set()).update(forms)
    return index


def _clause(words_, synonyms):
    """Return the alternatives of a word or phrase (written words)."""
    tokens = tuple(german.stem(word) for word in words_)
    # A compound written apart ("Gesundheits-Förderung") needs nothing more: the index
    # holds each compound's parts in a row, so the phrase of the parts finds it.
    alternatives = [(tokens,)]
    for form in sorted(synonyms.get(tokens, ())):
        if form != tokens:
            alternatives.append((form,))
    return alternatives


def _bare_clauses(words_, synonyms):
    """Turn unquoted words into clauses, joining runs that are glossary forms."""
    clauses, i = [], 0
    while i < len(words_):
        for size in range(min(MAX_NGRAM, len(words_) - i), 1, -1):
            run = tuple(german.stem(w) for w in words_[i : i + size])
            if run in synonyms:
                clauses.append(_clause(words_[i : i + size], synonyms))
                i += size
                break
        else:
            clauses.append(_clause(words_[i : i + 1], synonyms))
            i += 1
    return clauses


def parse(text, synonym_groups=()):
    """Parse websearch syntax ("phrase", -word, OR) into a Query; never raises."""
    synonyms = _synonym_index(tuple(synonym_groups))
    groups, current, negatives, bare = [], [], [], []

    def flush_bare():
        current.extend(_bare_clauses(bare, synonyms))
        bare.clear()

    for negate, phrase, word in _TOKEN.findall(text or ""):
        if word and word.lower() == "or":
            flush_bare()
            if current:
                groups.append(list(current))
                current.clear()
            continue
        if word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        written = german.words(phrase or word)
        if not written:
            continue
        if negate:
            flush_bare()
            negatives.append(_clause(written, synonyms))
        elif phrase or len(written) > 1:
            flush_bare()
            current.append(_clause(written, synonyms))
        else:
            bare.extend(written)
    flush_bare()
    if current:
        groups.append(current)
    groups = [group[:MAX_CLAUSES] for group in groups[:MAX_CLAUSES]]
    return Query(groups=groups, negatives=negatives[:MAX_CLAUSES])


def render(clauses_or_groups, *, phrase, both, either):
    """Render groups (OR of AND of clauses) with the given syntax callbacks."""

    def alternative(alt):
        return both([phrase(p) for p in alt])

    def clause(c):
        return either([alternative(a) for a in c])

    return either([both([clause(c) for c in group]) for group in clauses_or_groups])
