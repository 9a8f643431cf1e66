"""German normalisation shared by both databases: the tokens we index and search for.

One function turns text into tokens (`document_tokens`); the index of each database stores
exactly these tokens and a query goes through the same steps, so SQLite and PostgreSQL find
the same things. The steps, in order:

1. gender forms fold into one word: "Kund*innen", "Kund:innen", "Kund_innen",
   "Kund/-innen", "KundInnen" → "kundinnen"; then "-innen"/"-in" of person nouns is dropped
   ("Fallmanagerin" → "fallmanager"), so every form meets the masculine/neutral stem;
2. the Snowball German stemmer (lower case, ä/ö/ü/ß and ae/oe/ue folded, inflections cut);
3. compounds are split with `compound-split` (the CharSplit n-gram model; chosen by
   measurement, see README "Search"), and each part is indexed too, after the words, so a
   part finds its compound ("Beteiligung" → "Adressatenbeteiligung") and phrases keep their
   word positions.
"""

import functools
import re
import sys
import types
import unicodedata

import snowballstemmer

# A word may carry a gender mark inside ("Kund*innen"), which must not split it.
WORD = re.compile(r"\w+(?:[*:_/·]-?\w+)*", re.UNICODE)
_GENDER_MARK = re.compile(r"(?<=[a-zäöüß])[*:_/·]-?(?=in(?:nen)?(?:\b|[a-zäöüß]))")
_BINNEN_I = re.compile(r"(?<=[a-zäöüß])I(?=n(?:nen)?\b|nnen)")
_SPLIT_MARKS = re.compile(r"[*:_/·-]+")
# Female person nouns end so; "-in" elsewhere is part of the word (Medizin, Termin, Berlin).
_FEMININE_IN = re.compile(
    r"(?:er|or|ist|ant|ent|eur|[äa]rzt|amt|olog|eg|nd|ach|och|ör|ent|and|ur)in$"
)
# English loans whose agent noun and activity share a stem (Manager, Management).
_LOANS = (("agement", "ag"), ("ager", "ag"))

MIN_COMPOUND = 9  # shorter words are rarely compounds worth splitting
SPLIT_SCORE = 0.5  # compound-split's confidence below which a word stays whole
MIN_HEAD, MIN_MODIFIER = 4, 3

_stemmer = snowballstemmer.stemmer("german")


@functools.cache
def _splitter():
    """Load compound-split's German model on first use: about 350 MB and 4 s of CPU.

    Only indexing needs it (queries, snippets and suggestions don't), so a process that
    only serves searches never loads it. Its module also imports the Dutch model (another
    ~130 MB); we never use that, so an empty module stands in for it.
    """
    sys.modules.setdefault("compound_split.nl_ngram_probs", types.ModuleType("nl_unused"))
    from compound_split import char_split

    return char_split.split_compound


def fold_gender(text):
    """Join gender-marked forms into one word: "Mitarbeiter*innen" → "Mitarbeiterinnen"."""
    return _BINNEN_I.sub("i", _GENDER_MARK.sub("", text))


def words(text):
    """Return the words of text as written (gender forms joined, hyphenated parts apart)."""
    found = []
    for match in WORD.finditer(fold_gender(text or "")):
        found.extend(part for part in _SPLIT_MARKS.split(match.group()) if part)
    return found


def _base_form(word):
    if len(word) >= 8 and word.endswith("innen"):
        return word[:-5]
    if len(word) >= 6 and _FEMININE_IN.search(word):
        return word[:-2]
    return word


@functools.lru_cache(maxsize=200_000)
def stem(word):
    """Return the token of one word: gender folded, stemmed, diacritics removed."""
    word = _base_form(word.lower())
    for ending, replacement in _LOANS:
        if word.endswith(ending):
            word = word[: -len(ending)] + replacement
            break
    token = _stemmer.stemWord(word)
    # Letters outside German (é, ç) lose their accents, the same way on both databases.
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", token) if not unicodedata.combining(ch)
    )


@functools.lru_cache(maxsize=200_000)
def compound_parts(word, depth=0):
    """Return the parts of a compound as written in lower case ([] if it is not one)."""
    word = word.lower()
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return []
    splits = _splitter()(word)
    if not splits:
        return []
    score, modifier, head = splits[0]
    modifier, head = modifier.lower(), head.lower()
    if score < SPLIT_SCORE or len(modifier) < MIN_MODIFIER or len(head) < MIN_HEAD:
        return []
    rest = compound_parts(head, depth + 1) if depth < 2 else []
    return [modifier, *(rest or [head])]


@functools.lru_cache(maxsize=200_000)
def word_tokens(word):
    """Return (token, part tokens) of one word."""
    token = stem(word)
    base = _base_form(word.lower())
    parts = []
    for part in compound_parts(base):
        part_token = stem(part)
        if part_token != token and part_token not in parts and len(part_token) >= 4:
            parts.append(part_token)
    return token, tuple(parts)


def document_tokens(text):
    """Return the tokens to index for text: its words in order, then the compound parts."""
    main, parts = [], []
    for word in words(text):
        token, word_parts = word_tokens(word)
        main.append(token)
        parts.extend(word_parts)
    return main + parts


def document_text(text):
    """Return the tokens of text joined by spaces, as both indexes store them."""
    return " ".join(document_tokens(text))
