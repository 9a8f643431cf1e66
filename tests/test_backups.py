"""Backups restore: native copy and portable JSON, drafts and history included."""

import io
import sqlite3
import stat
import subprocess

import psycopg
import pytest
import reversion
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from reversion.models import Version

from practices import search
from practices.content import load_content
from practices.models import Practice
from rehapro_kb.backups import create_backup, forget_logins, restore_json, restore_native
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


PDF = b"%PDF-1.4\n% backup test\n%%EOF\n"


@pytest.fixture
def uploaded(data, settings, tmp_path):
    """A stored document file, a logged-in session and a failed login on record."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "media-live"
    document = apps.get_model("forums.Document")(
        forum=data.forum, title="Folien", kind="foliensatz", is_public=True
    )
    document.file.save("folien.pdf", SimpleUploadedFile("folien.pdf", PDF))
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    AccessAttempt.objects.create(
        username="redakteurin", ip_address="192.0.2.1", failures_since_start=3
    )
    return document, session.session_key


def _plain_text(path):
    """A backup file's content as text (pg_dump's custom format is compressed)."""
    if path.suffix == ".dump":
        return subprocess.run(
            ["pg_restore", "--file=-", str(path)],  # noqa: S607 - the README's tool, on PATH
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8", "replace")
    return path.read_bytes().decode("utf-8", "replace")


def test_a_backup_is_private_holds_the_files_but_no_sessions_and_restores_them(
    uploaded, tmp_path, settings
):
    document, session_key = uploaded
    backup = create_backup(tmp_path / "backups")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    for path in backup.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    assert (backup / "media" / document.file.name).read_bytes() == PDF
    for path in backup.glob("*.*"):
        text = _plain_text(path)
        assert session_key not in text, path
        assert "192.0.2.1" not in text, path
    assert '"sessions.session"' not in (backup / "data.json").read_text()

    # Restored on a new server: the files come back under their names, nobody is logged in.
    default_storage.delete(document.file.name)
    settings.MEDIA_ROOT = tmp_path / "media-new-server"
    call_command("restore", str(backup), "--json", "--yes", stdout=io.StringIO())
    restored = apps.get_model("forums.Document").objects.get(pk=document.pk)
    with restored.file.open("rb") as handle:
        assert handle.read() == PDF
    assert not Session.objects.exists()
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_forgetting_logins_ends_sessions_restored_from_an_older_backup(client, django_user_model):
    user = django_user_model.objects.create_user("redakteurin-alt", is_staff=True)
    client.force_login(user)
    AccessAttempt.objects.create(username="x", ip_address="192.0.2.1", failures_since_start=3)
    assert client.get("/admin/").status_code == 200
    forget_logins()
    assert not Session.objects.exists() and not AccessAttempt.objects.exists()
    assert client.get("/admin/").status_code == 302
