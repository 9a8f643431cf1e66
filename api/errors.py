"""Errors of the API as JSON with a German and an English message: {"detail": {"de", "en"}}."""

from django.http import JsonResponse
from django.utils import translation

# Fixed messages: (German, English) by HTTP status.
MESSAGES = {
    400: ("Die Anfrage ist ungültig.", "The request is invalid."),
    404: ("Nicht gefunden.", "Not found."),
    405: (
        "Die API kann nur gelesen werden (GET, HEAD, OPTIONS).",
        "The API is read-only (GET, HEAD, OPTIONS).",
    ),
    429: (
        "Zu viele Anfragen. Bitte später erneut versuchen.",
        "Too many requests. Please try again later.",
    ),
    500: (
        "Ein interner Fehler ist aufgetreten.",
        "An internal error occurred.",
    ),
}


def error(status, de=None, en=None, **extra):
    """Return a JSON error response with the German and English message."""
    default_de, default_en = MESSAGES.get(status, MESSAGES[400])
    body = {"detail": {"de": de or default_de, "en": en or default_en}, **extra}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def bilingual(make_message):
    """Return (German, English) of a message made by a function under each language."""
    with translation.override("de"):
        de = str(make_message())
    with translation.override("en"):
        en = str(make_message())
    return de, en
