"""A URL configuration for the error-page tests: the site plus a view that fails."""

from django.urls import path

from rehapro_kb.urls import handler500  # noqa: F401
from rehapro_kb.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("geplanter Testfehler")


urlpatterns = [*site_urlpatterns, path("kaputt/", broken)]
