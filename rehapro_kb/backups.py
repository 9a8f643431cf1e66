"""Backups that restore: a native database copy, a portable JSON dump and the uploaded files.

A backup holds password hashes and personal data: its folder is 0700 and its files 0600.
Sessions and login-attempt records are never backed up, and a restore clears them, so
everyone logs in again (a restored session would revive logged-out or stolen logins).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.dispatch import Signal
from django.utils import timezone

# Rebuilt by migrations (content types, permissions, the role groups of practices/roles.py)
# or not worth keeping; everything else, history included, is dumped. Users keep their
# groups: memberships refer to groups by name.
# sitesearch holds only derived search documents, rebuilt on json_restored.
JSON_EXCLUDE = ["contenttypes", "auth.permission", "auth.group", "sessions", "axes", "sitesearch"]

MEDIA_FOLDER = "media"


def _login_tables():
    """The tables of sessions and of django-axes' login attempts and lockouts."""
    models = [apps.get_model("sessions", "Session"), *apps.get_app_config("axes").get_models()]
    return [model._meta.db_table for model in models]


# Sent once data.json is loaded, so each app rebuilds what it derives from the whole data set
# (practices: the search index) without this project package importing the apps.
json_restored = Signal()


def _pg_args(settings_dict):
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    return args


def _pg_env(settings_dict):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def create_backup(directory):
    """Write database copy and data.json into a new timestamped folder; return its path."""
    target = Path(directory) / timezone.localtime().strftime("%Y-%m-%d_%H%M%S")
    Path(directory).mkdir(parents=True, exist_ok=True)
    target.mkdir(mode=0o700, exist_ok=False)
    # Whatever pg_dump, sqlite3 or a storage backend create inside is private from the start.
    old_umask = os.umask(0o077)
    try:
        _write_backup(target)
    finally:
        os.umask(old_umask)
    _make_private(target)
    return target


def _write_backup(target):
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *(f"--exclude-table-data={table}" for table in _login_tables()),
                f"--file={target / 'database.dump'}",
                *_pg_args(settings_dict),
                settings_dict["NAME"],
            ],
            check=True,
            env=_pg_env(settings_dict),
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(target / "database.sqlite3") as copy:
            connection.connection.backup(copy)
            for table in _login_tables():
                copy.execute(f'DELETE FROM "{table}"')
        copy.execute("VACUUM")  # deleted rows must not linger in free pages
        copy.close()
    with open(target / "data.json", "w", encoding="utf-8") as handle:
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=JSON_EXCLUDE,
            indent=1,
            stdout=handle,
        )
    _copy_media(target / MEDIA_FOLDER)


def _stored_files(folder=""):
    """Every file name in the default storage (a local folder or an S3 bucket)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _stored_files(f"{folder}/{sub}" if folder else sub)


def _copy_media(target):
    """Copy the uploaded files through the storage API, so any storage backend is covered."""
    target.mkdir(mode=0o700)
    for name in _stored_files():
        path = target / name
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(path, "wb") as copy:
            shutil.copyfileobj(source, copy)


def _make_private(target):
    for path in [target, *target.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)


def restore_media(backup_dir):
    """Put the backup's uploaded files back into the storage under their names."""
    source = Path(backup_dir) / MEDIA_FOLDER
    if not source.is_dir():
        return 0
    count = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(path, "rb") as handle:
            default_storage.save(name, File(handle))
        count += 1
    return count


def forget_logins():
    """Delete every session and login-attempt record: after a restore everyone logs in again."""
    with connection.cursor() as cursor:
        for table in _login_tables():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def restore_native(backup_dir, database_name=None):
    """Restore the database copy of a backup into the configured (or named) database."""
    backup_dir = Path(backup_dir)
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={database_name or settings_dict['NAME']}",
                *_pg_args(settings_dict),
                str(backup_dir / "database.dump"),
            ],
            check=True,
            env=_pg_env(settings_dict),
        )
        return
    source = backup_dir / "database.sqlite3"
    if database_name:
        shutil.copyfile(source, database_name)
        return
    connection.ensure_connection()
    with sqlite3.connect(source) as backup:
        backup.backup(connection.connection)


def restore_json(backup_dir):
    """Replace all data with the portable dump (works across SQLite and PostgreSQL)."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(Path(backup_dir) / "data.json"), verbosity=0)
    json_restored.send(sender=restore_json)
