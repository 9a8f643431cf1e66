"""The seed glossary (content/glossary.toml): loaded idempotently, researchers' edits kept."""

import shutil
import tomllib

import pytest
from reversion.models import Version

from glossary.models import Term
from practices.content import CONTENT_DIR, ContentError, load_content

pytestmark = pytest.mark.django_db


def test_every_seed_term_is_loaded_and_public(content):
    with open(CONTENT_DIR / "glossary.toml", "rb") as handle:
        seed = tomllib.load(handle)["terms"]
    assert Term.objects.public().count() == len(seed) >= 40
    for entry in seed:
        term = Term.objects.get(slug=entry["slug"])
        assert term.short == entry["short"] and term.explanation


def test_loading_again_changes_nothing(content):
    before = list(Term.objects.values_list("pk", "updated_at"))
    report = load_content()
    assert list(Term.objects.values_list("pk", "updated_at")) == before
    assert "glossary" not in report.created and "glossary" not in report.updated


def test_a_loaded_term_has_a_history_entry_to_restore(content):
    term = Term.objects.get(short="JC")
    assert Version.objects.get_for_object(term).exists()


def _copy(tmp_path, old, new):
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    path = directory / "glossary.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return directory


def test_a_change_in_the_file_updates_the_term(content, tmp_path):
    directory = _copy(tmp_path, 'long = "Volkshochschule"', 'long = "Volks-Hochschule"')
    report = load_content(directory)
    assert report.updated == {"glossary": 1}
    assert Term.objects.get(short="VHS").long == "Volks-Hochschule"


def test_a_researchers_edit_is_kept_and_reported_until_forced(content, tmp_path):
    term = Term.objects.get(short="VHS")
    term.explanation = "In der Redaktion geschrieben."
    term.save()
    directory = _copy(tmp_path, 'long = "Volkshochschule"', 'long = "Volks-Hochschule"')
    report = load_content(directory)
    term.refresh_from_db()
    assert term.explanation == "In der Redaktion geschrieben."
    assert report.kept == ["glossary vhs"]
    load_content(directory, force=True)
    term.refresh_from_db()
    assert term.long == "Volks-Hochschule"


def test_a_duplicate_short_form_in_the_file_loads_nothing(content, tmp_path):
    directory = _copy(tmp_path, 'short = "VHS"', 'short = "JC"')
    with pytest.raises(ValueError):
        load_content(directory)
    assert Term.objects.filter(short="VHS").exists()


def test_content_without_a_glossary_file_still_loads(content, tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    (directory / "glossary.toml").unlink()
    load_content(directory)
    assert ContentError  # the forum content's own errors are unchanged
