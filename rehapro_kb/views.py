"""The site's error pages."""

from django.http import HttpResponseServerError
from django.template import loader

from site_pages.context_processors import site


def server_error(request):
    """Render the German 500 page with the request id, without touching the database."""
    template = loader.get_template("500.html")
    context = {"request_id": getattr(request, "request_id", ""), **site(request)}
    return HttpResponseServerError(template.render(context))
