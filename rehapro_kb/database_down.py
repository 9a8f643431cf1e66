"""What visitors get while the database is unreachable: a stored page with a notice, or a 503."""

import datetime

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from site_pages.context_processors import site

ERRORS = (OperationalError, InterfaceError)


def unavailable(request):
    """Render the German 503 page without touching the database."""
    template = loader.get_template("503.html")
    context = {"request_id": getattr(request, "request_id", ""), **site(request)}
    response = HttpResponse(template.render(context), status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def with_notice(content, stored):
    """Return the page's HTML with a notice at the start of its main content."""
    when = formats.date_format(
        timezone.localtime(datetime.datetime.fromtimestamp(stored, tz=datetime.UTC)),
        "j. F Y, H:i",
    )
    notice = _(
        "Diese Seite zeigt einen gespeicherten Stand vom %(when)s Uhr. Die Datenbank ist "
        "gerade nicht erreichbar; neuere Änderungen fehlen womöglich."
    ) % {"when": when}
    html = f'<p class="notice stale-notice" role="status">{escape(notice)}</p>'.encode()
    start = content.find(b"<main")
    end = content.find(b">", start) + 1 if start != -1 else 0
    return content[:end] + html + content[end:]


class DatabaseDownMiddleware:
    """Answer a view that failed to reach the database with the 503 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ERRORS):
            return unavailable(request)
        return None
