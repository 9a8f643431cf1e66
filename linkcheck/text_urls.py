"""Find plain web addresses in running text; one rule for collecting and for rendering."""

import re

# http(s) only: no javascript:, data: or bare "www." guesses. No nested quantifiers.
_URL = re.compile(r"https?://[^\s<>\"'`\x00]+", re.IGNORECASE)
_TRAILING = ".,;:!?\"'»«“”‚‘’"
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def find_urls(text):
    """Yield (start, end, url) for each web address in the text, trailing punctuation cut off."""
    for match in _URL.finditer(text or ""):
        url = match.group()
        while url:
            last = url[-1]
            unbalanced = last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last])
            if last in _TRAILING or unbalanced:
                url = url[:-1]
            else:
                break
        if len(url) > len("https://"):
            yield match.start(), match.start() + len(url), url
