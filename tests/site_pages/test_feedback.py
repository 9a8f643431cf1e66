"""The contact form: stored, visible to Administration, honeypot, time check, rate limit."""

import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse

from practices.roles import ADMINISTRATION, REDAKTION
from site_pages.forms import SALT
from site_pages.models import Feedback
from tests.conftest import client_for


def old_token(seconds_ago):
    """A start token signed `seconds_ago` seconds in the past (TimestampSigner's own format)."""
    signer = signing.TimestampSigner(salt=SALT)
    stamped = f"kontakt{signer.sep}{signing.b62_encode(int(time.time() - seconds_ago))}"
    return signing.Signer.sign(signer, stamped)


def post(client, **fields):
    data = {
        "topic": "barriere",
        "message": "Der Filter ist nicht bedienbar.",
        "started": old_token(30),
        "website": "",
        **fields,
    }
    return client.post("/kontakt/", data)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_feedback_is_stored_and_thanked(client):
    response = post(client, email="a@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("site_pages:kontakt_danke")
    feedback = Feedback.objects.get()
    assert feedback.topic == "barriere"
    assert feedback.email == "a@example.org"
    assert "Vielen Dank" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_filled_honeypot_is_thanked_but_not_stored(client):
    response = post(client, website="http://spam.example")
    assert response.status_code == 302
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_a_form_sent_back_within_seconds_is_refused_with_a_german_message(client):
    response = post(client, started=signing.TimestampSigner(salt=SALT).sign("kontakt"))
    assert response.status_code == 400
    assert "Das ging sehr schnell" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_a_forged_or_day_old_form_is_refused(client):
    assert post(client, started="forged").status_code == 400
    assert (
        "Formular war zu lange geöffnet"
        in post(client, started=old_token(2 * 24 * 3600)).content.decode()
    )
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_empty_message_gets_a_german_error_linked_to_the_field(client):
    response = post(client, message="")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_message"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_more_than_the_hourly_limit_from_one_address_is_refused(client, settings):
    settings.FEEDBACK_PER_HOUR = 2
    assert post(client).status_code == 302
    assert post(client).status_code == 302
    third = post(client)
    assert third.status_code == 429
    assert "zu viele Nachrichten" in third.content.decode()
    assert Feedback.objects.count() == 2


@pytest.mark.django_db
def test_notification_mail_only_when_an_address_is_configured(client, settings):
    post(client)
    assert mail.outbox == []
    settings.FEEDBACK_NOTIFY_EMAIL = "admin@example.org"
    post(client)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@example.org"]
    assert "Der Filter ist nicht bedienbar." in mail.outbox[0].body


@pytest.mark.django_db
def test_administration_reads_feedback_in_the_admin_and_redaktion_does_not(client, users):
    post(client, message="Bitte Abkürzungen erklären")
    url = reverse("admin:site_pages_feedback_changelist")
    assert (
        "Bitte Abkürzungen erklären" in client_for(users[ADMINISTRATION]).get(url).content.decode()
    )
    assert client_for(users[REDAKTION]).get(url).status_code == 403


@pytest.mark.django_db
def test_contact_page_shows_the_form_with_a_hidden_trap(client):
    html = client.get("/kontakt/?seite=/praxis/x/").content.decode()
    assert '<form method="post" action="/kontakt/"' in html
    assert 'class="trap" aria-hidden="true"' in html
    assert 'value="/praxis/x/"' in html
