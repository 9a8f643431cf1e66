"""Where the English interface's catalogue comes from: which files hold UI strings."""

from django.conf import settings

LOCALE = "en"
# The admin and the import pages stay German, as do management commands and test code:
# their strings are left out of the catalogue, so it holds exactly the public interface.
IGNORE_PATTERNS = [
    ".venv",
    ".venv-audit",
    "tests",
    "bench",
    "staticfiles",
    "node_modules",
    "templates/admin/*",
    "imports/*",
    "jobs/*",
    "*/admin*.py",
    "*/management/*",
    "demo_data/*",
]
PO_FILE = settings.BASE_DIR / "locale" / LOCALE / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
