"""The English catalogue is complete, translated and compiled (make messages keeps it so)."""

import gettext
import io
import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

from rehapro_kb.translations import IGNORE_PATTERNS, LOCALE, MO_FILE, PO_FILE
from tests.i18n.po import read_po

# Folders without UI strings, left out of the copy that the extraction reads.
NOT_SOURCES = (
    ".git",
    ".venv*",
    ".*cache",
    "locale",
    "docs",
    "static*",
    "tests",
    "bench",
    "__pycache__",
)
HOW_TO_FIX = "run `make messages`, fill the empty msgstr entries in {po}, `make compilemessages`"


def test_every_entry_has_an_english_translation_and_none_is_fuzzy():
    entries = read_po(PO_FILE)
    untranslated = [e.msgid for e in entries if not all(s.strip() for s in e.msgstrs)]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert entries
    assert untranslated == [], HOW_TO_FIX.format(po=PO_FILE)
    assert fuzzy == [], f"fuzzy entries need a check: {fuzzy}"


def test_the_compiled_catalogue_matches_the_po_file():
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in read_po(PO_FILE):
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            got = [compiled.ngettext(msgid, entry.msgid_plural, n) for n in (1, 2)]
            if got != entry.msgstrs[:2]:
                stale.append(entry.msgid)
        elif compiled.gettext(msgid) != entry.msgstrs[0]:
            stale.append(entry.msgid)
    assert stale == [], f"{MO_FILE} is older than the .po: run `make compilemessages` ({stale})"


def test_the_catalogue_holds_every_string_of_the_current_templates_and_code(
    tmp_path, settings, monkeypatch
):
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext is missing: apt-get install -y gettext")
        pytest.skip("needs GNU gettext (apt-get install -y gettext)")
    # Extract afresh from a copy of the sources: makemessages writes into the locale/ folder
    # beside the files it reads, and the repository's catalogue must stay untouched.
    source = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command(
        "makemessages",
        locale=[LOCALE],
        ignore_patterns=IGNORE_PATTERNS,
        no_obsolete=True,
        stdout=io.StringIO(),
    )
    extracted = read_po(source / "locale" / LOCALE / "LC_MESSAGES" / "django.po")
    committed = {entry.key for entry in read_po(PO_FILE)}
    missing = sorted(e.msgid for e in extracted if e.key not in committed)
    assert len(extracted) > 100
    assert missing == [], (
        f"{len(missing)} UI strings lack an English translation ("
        + HOW_TO_FIX.format(po=PO_FILE)
        + "):\n"
        + "\n".join(missing)
    )


def test_english_is_offered_beside_german():
    assert [code for code, _name in settings.LANGUAGES] == ["de", "en"]
    assert settings.LANGUAGE_CODE == "de"
