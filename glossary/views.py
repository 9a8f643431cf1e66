"""The public glossary page."""

from itertools import groupby

from django.shortcuts import render

from glossary.lookup import letter_fold, public_terms


def _letter(term):
    first = letter_fold(term.short)[:1].upper()
    return first if first.isalpha() else "#"


def glossary(request):
    letters = [
        {
            "letter": letter,
            "anchor": f"buchstabe-{letter.lower() if letter != '#' else 'andere'}",
            "terms": list(terms),
        }
        for letter, terms in groupby(public_terms(), key=_letter)
    ]
    return render(request, "glossary/glossary.html", {"letters": letters})
