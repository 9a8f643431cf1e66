"""Snippets cut in Python from the original text, marking the words a query matched."""

from practices.search import german
from practices.search.text import HIGHLIGHT_START, HIGHLIGHT_STOP

SNIPPET_WORDS = 30


def _matches(word, tokens):
    # A compound holds the token of its part inside its own ("adressatenbeteil" holds
    # "beteil"): enough to mark it without loading the compound splitter.
    token = german.stem(word)
    return token in tokens or any(len(t) >= 4 and t in token for t in tokens)


def snippet(text, parsed, size=SNIPPET_WORDS):
    """Return about `size` words of text around the first match, matches between sentinels."""
    tokens = parsed.positive_tokens
    pieces = (text or "").split()
    if not pieces or not tokens:
        return ""
    marked = [any(_matches(w, tokens) for w in german.words(piece)) for piece in pieces]
    first = marked.index(True) if True in marked else 0
    start = max(0, min(first - size // 3, len(pieces) - size))
    window = range(start, min(len(pieces), start + size))
    out = [
        f"{HIGHLIGHT_START}{pieces[i]}{HIGHLIGHT_STOP}" if marked[i] else pieces[i] for i in window
    ]
    return ("… " if start else "") + " ".join(out) + (" …" if window.stop < len(pieces) else "")
