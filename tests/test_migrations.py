"""Every migration of our apps applies backward and forward again (on both databases)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
APPS = ["practices", "forums"]


def test_migrations_apply_backward_to_zero_and_forward_again():
    executor = MigrationExecutor(connection)
    leaves = [key for key in executor.loader.graph.leaf_nodes() if key[0] in APPS]
    assert leaves
    for app in APPS:
        call_command("migrate", app, "zero", verbosity=0)
    tables = connection.introspection.table_names()
    assert "practices_practice" not in tables and "forums_forum" not in tables
    call_command("migrate", verbosity=0)
    tables = connection.introspection.table_names()
    assert "practices_practice" in tables and "forums_forum" in tables
    if connection.vendor == "sqlite":
        assert "practice_fts" in tables


def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
