"""Admin login: lockout after repeated failures, proxy-aware client IP, safe redirects."""

import pytest
from django.test import Client, RequestFactory

from rehapro_kb.client_ip import client_ip

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def fail(client, username="admin", **headers):
    return client.post(LOGIN, {"username": username, "password": "falsch"}, **headers)


def test_the_account_locks_after_five_failures_even_with_the_right_password(superuser):
    client = Client()
    for _ in range(4):
        assert fail(client).status_code == 200
    assert fail(client).status_code == 429
    response = client.post(LOGIN, {"username": "admin", "password": "pw-123456789"})
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()


def test_a_spoofed_forwarded_for_header_does_not_reset_the_counter(superuser, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    for i in range(5):
        fail(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 198.51.100.7")
    # A new fake address at the start of the header changes nothing: the proxy's entry counts.
    response = fail(client, HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7")
    assert response.status_code == 429


def researcher_logs_in(client, username="admin"):
    return client.post(LOGIN, {"username": username, "password": "pw-123456789", "next": "/admin/"})


def test_a_flood_of_bad_passwords_for_other_names_does_not_block_a_researcher(
    superuser, django_user_model
):
    # Behind the reverse proxy every researcher and the attacker share one address.
    proxy = "198.51.100.7"
    attacker = Client(REMOTE_ADDR=proxy)
    for i in range(30):
        fail(attacker, username=f"geraten{i % 10}")
    django_user_model.objects.create_user("opfer", password="pw-123456789", is_staff=True)
    for _ in range(5):
        fail(attacker, username="opfer")

    response = researcher_logs_in(Client(REMOTE_ADDR=proxy))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    # The name under attack is locked, from that address, even with its right password.
    assert researcher_logs_in(Client(REMOTE_ADDR=proxy), "opfer").status_code == 429


def test_failures_from_elsewhere_do_not_lock_a_researcher_out(superuser):
    elsewhere = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(5):
        fail(elsewhere)
    assert researcher_logs_in(elsewhere).status_code == 429
    assert researcher_logs_in(Client(REMOTE_ADDR="203.0.113.20")).status_code == 302


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "1.1.1.1", "192.0.2.1"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (1, "", "192.0.2.1"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_login_next_parameter_cannot_redirect_off_site(superuser):
    client = Client()
    response = client.post(
        f"{LOGIN}?next=https://evil.example.org/",
        {"username": "admin", "password": "pw-123456789", "next": "https://evil.example.org/"},
    )
    assert response.status_code == 302
    assert "evil.example.org" not in response["Location"]


def test_password_validators_require_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kurz123")
    validate_password("ein-langes-gutes-passwort-2026")


def test_there_are_no_default_accounts(django_user_model):
    assert not django_user_model.objects.exists()
