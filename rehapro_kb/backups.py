"""Backups that restore: a native database copy plus a portable JSON dump (drafts included)."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.dispatch import Signal
from django.utils import timezone

# Rebuilt by migrations (content types, permissions, the role groups of practices/roles.py)
# or not worth keeping; everything else, history included, is dumped. Users keep their
# groups: memberships refer to groups by name.
# sitesearch holds only derived search documents, rebuilt on json_restored.
JSON_EXCLUDE = ["contenttypes", "auth.permission", "auth.group", "sessions", "axes", "sitesearch"]

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
    target.mkdir(parents=True, exist_ok=False)
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
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
        copy.close()
    with open(target / "data.json", "w", encoding="utf-8") as handle:
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=JSON_EXCLUDE,
            indent=1,
            stdout=handle,
        )
    return target


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
