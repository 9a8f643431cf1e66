"""The site's identity (name, operator, description, logo) for every template."""

from django.conf import settings


def site(request):
    """Expose the identity settings as `site`."""
    return {
        "site": {
            "name": settings.SITE_NAME,
            "operator": settings.SITE_OPERATOR,
            "description": settings.SITE_DESCRIPTION,
            "logo": settings.SITE_LOGO,
        }
    }
