"""Settings for the test suite: production settings, a fast password hasher, plain static files."""

import tempfile
from pathlib import Path

from rehapro_kb.settings import *  # noqa: F403
from rehapro_kb.settings import STORAGES

# The production hasher is slow by design; many tests create users and log them in.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files by their plain names, found where they are: no collectstatic before a run.
# tests/test_static_files.py collects and serves them with the production storage.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise looks files up on request, as in development: no STATIC_ROOT to scan or miss.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tasks run at once inside the request; tests of the queue itself switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests may only touch the databases they declare: progress inside a transaction goes to the
# side file here, as on SQLite (the second PostgreSQL connection is not exercised by tests).
DATABASES.pop("progress", None)  # noqa: F405

# Job ids start at 1 in every test database: parallel test processes keep their own folder.
JOBS_PROGRESS_DIR = Path(tempfile.mkdtemp(prefix="rehapro-kb-jobs-test-"))
# Uploaded test files go to a throwaway folder, never into the checkout.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="rehapro-kb-media-test-"))
