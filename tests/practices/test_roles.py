"""Roles imply admin access; manage.py add_researcher sets up an account in one step."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from practices.roles import ADMINISTRATION, FREIGABE, REDAKTION, setup_roles

pytestmark = pytest.mark.django_db
PASSWORD = "ein-langes-gutes-passwort-2026"


@pytest.fixture(autouse=True)
def roles(db):
    setup_roles()


def group(name):
    return Group.objects.get(name=name)


@pytest.mark.parametrize("role", [REDAKTION, FREIGABE, ADMINISTRATION])
def test_joining_a_role_group_makes_a_user_staff(django_user_model, role):
    user = django_user_model.objects.create_user(f"u-{role}")
    user.groups.add(group(role))
    assert user.is_staff
    user.refresh_from_db()
    assert user.is_staff


def test_adding_users_from_the_group_side_makes_them_staff_too(django_user_model):
    users = [django_user_model.objects.create_user(f"g{i}") for i in range(2)]
    group(FREIGABE).user_set.add(*users)
    assert set(django_user_model.objects.filter(is_staff=True)) == set(users)


def test_another_group_does_not_make_a_user_staff(django_user_model):
    user = django_user_model.objects.create_user("newsletter")
    user.groups.add(Group.objects.create(name="Newsletter"))
    user.refresh_from_db()
    assert not user.is_staff


def test_administration_adding_a_role_in_the_admin_grants_the_login(django_user_model):
    admin = django_user_model.objects.create_user("chefin", is_staff=True)
    admin.groups.add(group(ADMINISTRATION))
    user = django_user_model.objects.create_user("neuling", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    url = reverse("admin:auth_user_change", args=[user.pk])
    response = client.post(
        url,
        {
            "username": "neuling",
            "is_active": "on",
            "groups": [group(REDAKTION).pk],
            "date_joined_0": "01.01.2026",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [REDAKTION]


def add_researcher(*args):
    out = io.StringIO()
    call_command("add_researcher", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_add_researcher_creates_a_staff_account_with_its_role(django_user_model, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", PASSWORD)
    output = add_researcher(
        "mara",
        "--role",
        "redaktion",
        "--email",
        "mara@example.org",
        "--password-from-env",
        "NEW_PASSWORD",
    )
    assert "mara created" in output
    user = django_user_model.objects.get(username="mara")
    assert user.is_staff and user.check_password(PASSWORD)
    assert user.email == "mara@example.org"
    assert list(user.groups.values_list("name", flat=True)) == [REDAKTION]
    response = Client().post(
        reverse("admin:login"), {"username": "mara", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"


def test_add_researcher_changes_the_role_of_an_existing_account(django_user_model, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", PASSWORD)
    user = django_user_model.objects.create_user("tom", email="tom@example.org")
    newsletter = Group.objects.create(name="Newsletter")
    user.groups.add(group(REDAKTION), newsletter)
    output = add_researcher("tom", "--role", "freigabe", "--password-from-env", "NEW_PASSWORD")
    assert "tom updated" in output
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {FREIGABE, "Newsletter"}
    assert user.email == "tom@example.org"


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["--role", "chef"], {}, "invalid choice"),
        (["--role", "redaktion", "--password-from-env", "FEHLT"], {}, "FEHLT is empty"),
        (["--role", "redaktion", "--password-from-env", "PW"], {"PW": "kurz"}, "12 Zeichen"),
        (["--role", "redaktion", "--email", "kein-mail"], {}, "not an e-mail address"),
    ],
)
def test_add_researcher_refuses_bad_input_and_creates_nothing(
    django_user_model, monkeypatch, args, env, message
):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("FEHLT", raising=False)
    with pytest.raises(CommandError, match=message):
        add_researcher("lea", *args)
    assert not django_user_model.objects.filter(username="lea").exists()


def test_add_researcher_without_a_terminal_needs_the_environment_option(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--password-from-env"):
        add_researcher("lea", "--role", "redaktion")


def test_add_researcher_asks_twice_until_the_passwords_match(django_user_model, monkeypatch):
    answers = iter(["erstes-langes-passwort", "anderes-langes-passwort", PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    add_researcher("ida", "--role", "administration")
    user = django_user_model.objects.get(username="ida")
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == [ADMINISTRATION]
