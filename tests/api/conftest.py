"""Fixtures of the API tests: the rate limit off unless a test sets one."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def api_rate_off(settings):
    settings.API_RATE = None
    caches["api"].clear()
