"""Fixtures for the import tests: one user per role, and one staff user without any right."""

import pytest
from django.contrib.auth.models import Group

from practices.roles import ADMINISTRATION, FREIGABE, REDAKTION, setup_roles
from tests.conftest import client_for  # noqa: F401 - the import tests' shared helper


@pytest.fixture
def roles(db, django_user_model):
    """Users by role name, plus "staff" (admin access, no permissions)."""
    setup_roles()
    users = {}
    for role in (REDAKTION, FREIGABE, ADMINISTRATION):
        user = django_user_model.objects.create_user(
            f"{role.lower()}-import", password="pw-123456789", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    users["staff"] = django_user_model.objects.create_user(
        "staff-import", password="pw-123456789", is_staff=True
    )
    return users
