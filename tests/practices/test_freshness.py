"""Freshness: "noch nie geprüft" and "Prüfung überfällig" are separate work lists."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice
from practices.roles import REDAKTION, setup_roles
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db
State = Practice.PublicationState
CHANGELIST = reverse("admin:practices_practice_changelist")


@pytest.fixture
def redaktion(django_user_model):
    setup_roles()
    user = django_user_model.objects.create_user(
        "redakteurin", password="pw-123456789", is_staff=True
    )
    user.groups.add(Group.objects.get(name=REDAKTION))
    client = Client()
    client.force_login(user)
    return client


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def listed(client, value):
    response = client.get(CHANGELIST, {"pruefung": value})
    assert response.status_code == 200
    return {p.pk for p in response.context["cl"].result_list}


@pytest.fixture
def practices(forum):
    return {
        "never": make_practice(forum, last_reviewed_at=None),
        "old": make_practice(forum, last_reviewed_at=days_ago(400)),
        "recent": make_practice(forum, last_reviewed_at=days_ago(10)),
        "draft": make_practice(forum, publication_state=State.ENTWURF, last_reviewed_at=None),
    }


def test_never_reviewed_and_overdue_are_separate_lists(redaktion, practices):
    assert listed(redaktion, "nie") >= {practices["never"].pk}
    assert not listed(redaktion, "nie") & {practices["old"].pk, practices["recent"].pk}
    assert practices["old"].pk in listed(redaktion, "faellig")
    assert not listed(redaktion, "faellig") & {practices["never"].pk, practices["recent"].pk}
    assert listed(redaktion, "aktuell") == {practices["recent"].pk}


def test_drafts_are_in_neither_review_list(redaktion, practices):
    draft = practices["draft"].pk
    assert draft not in listed(redaktion, "nie") | listed(redaktion, "faellig")


def test_the_review_interval_is_a_setting(redaktion, practices, settings):
    settings.REVIEW_INTERVAL_DAYS = 5
    assert {practices["old"].pk, practices["recent"].pk} <= listed(redaktion, "faellig")
    assert "älter als 5 Tage" in redaktion.get(CHANGELIST).content.decode()
    assert (
        Practice.objects.review_overdue(today=days_ago(9))
        .filter(pk=practices["recent"].pk)
        .exists()
        is False
    )


def test_marking_reviewed_takes_a_practice_off_the_never_reviewed_list(redaktion, practices):
    never = practices["never"]
    redaktion.post(CHANGELIST, {"action": "mark_selected_reviewed", "_selected_action": [never.pk]})
    assert never.pk not in listed(redaktion, "nie") | listed(redaktion, "faellig")


def test_loaded_content_starts_as_never_reviewed_not_overdue(content, redaktion):
    published = Practice.objects.published().count()
    assert published > 100
    assert Practice.objects.never_reviewed().count() == published
    assert Practice.objects.review_overdue().count() == 0
    html = redaktion.get(reverse("admin:index")).content.decode()
    assert f'nie">noch nie geprüft</a></th><td>{published}</td>' in html
    assert "Prüfung überfällig (älter als 365 Tage)</a></th><td>0</td>" in html
