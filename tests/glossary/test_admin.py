"""Researchers edit the glossary in the admin, with the roles of practices/roles.py."""

import pytest
from django.urls import reverse
from reversion.models import Version

from glossary.models import Term
from practices.roles import ADMINISTRATION, FREIGABE, REDAKTION
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:glossary_term_changelist")
ADD = reverse("admin:glossary_term_add")


def _form(**fields):
    return {
        "short": "NEU",
        "long": "Neuer Begriff",
        "variants": "Neubegriff",
        "explanation": "Eine Erklärung.",
        "slug": "neu",
        "is_public": "on",
        **fields,
    }


@pytest.mark.parametrize("role", [REDAKTION, FREIGABE, ADMINISTRATION])
def test_every_role_finds_adds_and_edits_terms_with_history(users, content, role):
    client = client_for(users[role])
    response = client.get(CHANGELIST, {"q": "Jobcenter"})
    assert response.status_code == 200 and "JC" in response.content.decode()
    assert client.post(ADD, _form()).status_code == 302
    term = Term.objects.get(short="NEU")
    assert Version.objects.get_for_object(term).count() == 1
    change = reverse("admin:glossary_term_change", args=[term.pk])
    assert client.post(change, _form(long="Geändert")).status_code == 302
    term.refresh_from_db()
    assert term.long == "Geändert"


@pytest.mark.parametrize(
    "role,allowed", [(REDAKTION, False), (FREIGABE, False), (ADMINISTRATION, True)]
)
def test_only_administration_deletes_terms(users, content, role, allowed):
    term = Term.objects.get(short="VHS")
    delete = reverse("admin:glossary_term_delete", args=[term.pk])
    client_for(users[role]).post(delete, {"post": "yes"})
    assert Term.objects.filter(pk=term.pk).exists() is not allowed


def test_a_duplicate_short_form_gets_a_german_message(users, content):
    response = client_for(users[REDAKTION]).post(ADD, _form(short="JC", slug="jc-2"))
    assert response.status_code == 200
    assert "existiert bereits" in response.content.decode()


def test_anonymous_visitors_cannot_reach_the_glossary_admin(client, content):
    assert client.get(CHANGELIST).status_code == 302
