"""The admin work list "Defekte Links": where, since when, last answer; one-click re-check."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkcheck.models import Link, LinkUse
from practices.models import Project
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(http_server):
    project = Project.objects.create(
        short_name="Kaputt", slug="kaputt", website=http_server.url("/ok")
    )
    link = Link.objects.create(
        url=http_server.url("/ok"),
        state=Link.State.DEFEKT,
        failing_since=timezone.now() - timezone.timedelta(days=3),
        last_checked_at=timezone.now(),
        last_status=404,
        last_answer="Nicht gefunden (404)",
    )
    LinkUse.objects.create(
        link=link,
        content_type=ContentType.objects.get_for_model(Project),
        object_id=project.pk,
        field="website",
    )
    return link


def test_work_list_shows_where_since_and_last_answer(
    admin_client, broken, django_assert_max_num_queries
):
    Link.objects.create(url="https://ok.example", state=Link.State.OK)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:linkcheck_brokenlink_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Defekte Links" in html
    assert broken.url in html
    assert "https://ok.example" not in html
    project = Project.objects.get(slug="kaputt")
    assert reverse("admin:practices_project_change", args=[project.pk]) in html
    assert "Nicht gefunden (404)" in html
    assert "Jetzt prüfen" in html


def test_one_click_recheck_checks_the_link_now(admin_client, broken, linkcheck_settings):
    url = reverse("admin:linkcheck_brokenlink_recheck", args=[broken.pk])
    response = admin_client.post(url)
    assert response.status_code == 302
    broken.refresh_from_db()
    assert (broken.state, broken.failing_since) == (Link.State.OK, None)


def test_recheck_is_refused_to_get_and_to_anonymous(admin_client, broken):
    url = reverse("admin:linkcheck_brokenlink_recheck", args=[broken.pk])
    assert admin_client.get(url).status_code == 405
    assert Client().post(url).status_code == 302  # to the login page
    broken.refresh_from_db()
    assert broken.state == Link.State.DEFEKT


def test_a_permanent_redirect_is_taken_into_the_content(admin_client, http_server):
    project = Project.objects.create(short_name="Alt", slug="alt", website="https://alt.example")
    link = Link.objects.create(
        url="https://alt.example",
        state=Link.State.OK,
        redirect_url="https://neu.example/",
        redirect_permanent=True,
    )
    LinkUse.objects.create(
        link=link,
        content_type=ContentType.objects.get_for_model(Project),
        object_id=project.pk,
        field="website",
    )
    response = admin_client.post(
        reverse("admin:linkcheck_link_changelist"),
        {"action": "take_redirect", "_selected_action": [link.pk]},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.website == "https://neu.example/"


@pytest.mark.parametrize("role", ["Redaktion", "Freigabe", "Administration"])
def test_every_role_sees_the_work_list(users, broken, role):
    response = client_for(users[role]).get(reverse("admin:linkcheck_brokenlink_changelist"))
    assert response.status_code == 200
    assert broken.url in response.content.decode()
