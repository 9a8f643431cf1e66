"""Look up a legal page's text: the admin's version, or the shipped default."""

from django.conf import settings

from site_pages.defaults import TEXTS
from site_pages.models import LegalPage
from site_pages.text_format import render_text


def legal_page(kind):
    """Return (title, html, updated_at or None) for one of the legal pages."""
    page = LegalPage.objects.filter(kind=kind).first()
    if page is None:
        title, body = TEXTS[kind]
        updated = None
    else:
        title, body, updated = page.title, page.body, page.updated_at
    replacements = {
        "website": settings.SITE_NAME,
        "betreiber": settings.SITE_OPERATOR,
        "kontakt_email": settings.SITE_CONTACT_EMAIL or "[E-Mail-Adresse]",
    }
    return str(title), render_text(str(body), replacements), updated
