"""The admin as a whole speaks German, names itself, and says why a login without a role fails."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from practices.roles import REDAKTION, setup_roles

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")


def test_the_admin_is_called_rehapro_kb_redaktion(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "<title>Übersicht | rehapro-kb – Redaktion</title>" in html
    assert '<a href="/admin/">rehapro-kb – Redaktion</a>' in html
    assert "Django" not in html


def test_tags_and_login_attempts_have_german_app_names(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Schlagworte" in html and "Anmeldeversuche" in html
    assert "Taggit" not in html and "Axes" not in html
    page = admin_client.get(reverse("admin:app_list", args=["taggit"])).content.decode()
    assert "Schlagworte" in page


def test_a_correct_password_without_a_role_is_told_what_is_missing(django_user_model):
    django_user_model.objects.create_user("ohne-rolle", password="pw-123456789")
    client = Client()
    response = client.post(LOGIN, {"username": "ohne-rolle", "password": "pw-123456789"})
    assert response.status_code == 200
    assert "keinen Zugang zur Redaktion" in response.content.decode()
    wrong = client.post(LOGIN, {"username": "ohne-rolle", "password": "falsch-falsch"})
    assert "keinen Zugang zur Redaktion" not in wrong.content.decode()


def test_a_researcher_given_a_role_can_log_in_without_setting_staff_by_hand(django_user_model):
    setup_roles()
    user = django_user_model.objects.create_user("neu", password="pw-123456789")
    user.groups.add(Group.objects.get(name=REDAKTION))
    response = Client().post(
        LOGIN, {"username": "neu", "password": "pw-123456789", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
