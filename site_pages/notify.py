"""Tell Administration about new feedback by e-mail, if an address is configured."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def notify_feedback(feedback, request):
    """Send one plain e-mail; a failing mail server never loses the stored feedback."""
    if not settings.FEEDBACK_NOTIFY_EMAIL:
        return
    link = request.build_absolute_uri(feedback.get_absolute_url())
    body = f"{feedback.get_topic_display()}\n\n{feedback.message}\n\n{link}"
    try:
        send_mail(
            _("Neue Rückmeldung über %(site)s") % {"site": settings.SITE_NAME},
            body,
            None,
            [settings.FEEDBACK_NOTIFY_EMAIL],
        )
    except OSError:
        logger.exception("feedback %s stored, but the notification e-mail failed", feedback.pk)
