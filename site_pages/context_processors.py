"""The site's identity (name, operator, description, logo) for every template."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# The default description (settings.SITE_DESCRIPTION), marked so that it gets an English
# translation; a description set through the environment is shown as it is.
gettext_noop(
    "Wie rehapro-Modellprojekte ihre Ansätze verstetigen: Praxisbeispiele, Hürden und "
    "Fachforen „Jobcenter der Zukunft“."
)


def site(request):
    """Expose the identity settings as `site`."""
    return {
        "site": {
            "name": settings.SITE_NAME,
            "operator": settings.SITE_OPERATOR,
            "description": _(settings.SITE_DESCRIPTION) if settings.SITE_DESCRIPTION else "",
            "logo": settings.SITE_LOGO,
        }
    }
