"""DJANGO_API_RATE: a rate like 120/min, "off", or a clear start-up error."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from rehapro_kb.settings import env_rate


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("120/min", (120, 60)), ("10/s", (10, 1)), ("5000/hour", (5000, 3600)), ("off", None)],
)
def test_api_rate_is_read_from_the_environment(monkeypatch, raw, expected):
    monkeypatch.setenv("DJANGO_API_RATE", raw)
    assert env_rate("DJANGO_API_RATE", "120/min") == expected


@pytest.mark.parametrize("raw", ["viel", "120", "-1/min", "10/woche", "1.5/s"])
def test_a_bad_api_rate_stops_the_start_with_a_message(monkeypatch, raw):
    monkeypatch.setenv("DJANGO_API_RATE", raw)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_API_RATE"):
        env_rate("DJANGO_API_RATE", "120/min")
