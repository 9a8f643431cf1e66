"""Backups restore: native copy and portable JSON, drafts and history included."""

import sqlite3

import psycopg
import pytest
import reversion
from django.apps import apps
from django.db import connection
from reversion.models import Version

from practices import search
from practices.content import load_content
from practices.models import Practice
from rehapro_kb.backups import create_backup, restore_json, restore_native
from tests.conftest import make_practice

pytestmark = pytest.mark.django_db(transaction=True)
MODELS = [
    "forums.Forum",
    "forums.Thementisch",
    "forums.Document",
    "forums.Study",
    "practices.Project",
    "practices.Practice",
    "practices.Hurdle",
    "practices.TaggedPractice",
    "practices.ProjectAttribution",
    "taggit.Tag",
    "reversion.Revision",
    "reversion.Version",
]


@pytest.fixture
def data(django_user_model):
    load_content()
    user = django_user_model.objects.create_user("redakteurin", password="pw-123456789")
    forum = apps.get_model("forums.Forum").objects.get(slug="fachforum-2025")
    with reversion.create_revision():
        draft = make_practice(
            forum, title="Unveröffentlichter Entwurf", publication_state="entwurf"
        )
        reversion.set_user(user)
    return draft


def model_counts():
    return {label: apps.get_model(label).objects.count() for label in MODELS}


def table_counts(cursor):
    counts = {}
    for label in MODELS:
        table = apps.get_model(label)._meta.db_table
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[label] = cursor.fetchone()[0]
    return counts


def test_native_backup_restores_into_an_empty_database(data, tmp_path):
    before = model_counts()
    backup = create_backup(tmp_path)
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        target = f"{settings['NAME']}_restore"
        dsn = f"host={settings['HOST']} port={settings['PORT'] or 5432} user={settings['USER']} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
            admin.execute(f'CREATE DATABASE "{target}"')
        try:
            restore_native(backup, database_name=target)
            with psycopg.connect(dsn.replace("dbname=postgres", f"dbname={target}")) as restored:
                after = table_counts(restored.cursor())
                title = restored.execute(
                    "SELECT publication_state FROM practices_practice WHERE title = %s",
                    ["Unveröffentlichter Entwurf"],
                ).fetchone()
        finally:
            with psycopg.connect(dsn, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
    else:
        copy = tmp_path / "restored.sqlite3"
        restore_native(backup, database_name=str(copy))
        with sqlite3.connect(copy) as restored:
            after = table_counts(restored.cursor())
            title = restored.execute(
                "SELECT publication_state FROM practices_practice WHERE title = ?",
                ["Unveröffentlichter Entwurf"],
            ).fetchone()
    assert after == before
    assert title == ("entwurf",)


def test_json_backup_restores_everything_including_drafts_and_history(data, tmp_path):
    before = model_counts()
    titles = sorted(Practice.objects.values_list("title", "publication_state"))
    backup = create_backup(tmp_path)
    Practice.objects.filter(pk=data.pk).delete()
    restore_json(backup)
    assert model_counts() == before
    assert sorted(Practice.objects.values_list("title", "publication_state")) == titles
    restored = Practice.objects.get(title="Unveröffentlichter Entwurf")
    assert Version.objects.get_for_object(restored).first().revision.user.username == "redakteurin"


def test_json_restore_rebuilds_the_whole_search_index(data, tmp_path, monkeypatch):
    # The raw saves index each restored practice; the whole index is rebuilt once at the end.
    calls = []
    monkeypatch.setattr(search, "reindex", lambda practice_ids=None: calls.append(practice_ids))
    restore_json(create_backup(tmp_path))
    assert calls[-1] is None
