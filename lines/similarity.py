"""Title similarity from the site's own German normaliser, identical on every database."""

import functools

from practices.search.german import stem, words

# Words that say nothing about what a practice is; stems of the German normaliser.
STOP = frozenset(
    stem(word)
    for word in [
        "und",
        "oder",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "zu",
        "zur",
        "zum",
        "im",
        "in",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "mit",
        "nach",
        "von",
        "vor",
        "für",
        "über",
        "unter",
        "um",
        "als",
        "auch",
        "wie",
        "durch",
        "bzw",
        "ggf",
        "z",
        "b",
        "nicht",
        "mehr",
        "sowie",
        "ab",
        "bis",
        "je",
        "pro",
        "etc",
        "tn",
    ]
)
MIN_PREFIX = 5  # "netzwerk" meets "netzwerkarbeit"; shorter stems would meet by chance


@functools.lru_cache(maxsize=20_000)
def tokens(text):
    """Return the significant word stems of text (no compound model: fast, deterministic)."""
    return (
        frozenset(token for token in (stem(word) for word in words(text)) if len(token) > 2) - STOP
    )


def _meets(a, b):
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_PREFIX and long_.startswith(short)


def overlap(first, second):
    """Return a Jaccard score of two token sets where a stem also meets its compounds."""
    if not first or not second:
        return 0.0
    matched = sum(1 for a in first if any(_meets(a, b) for b in second))
    union = len(first) + len(second) - matched
    return matched / union if union else 0.0
