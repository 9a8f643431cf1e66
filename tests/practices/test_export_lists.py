"""The export lists kept at write time follow every change of hurdles, tags and projects."""

import json

import pytest
from django.db import connection
from taggit.models import Tag

from practices import search
from practices.export_rows import export_rows, json_record, tabular_values
from practices.exporter import PracticeExporter
from practices.models import Hurdle, Practice, PracticeExportLists, Project, ProjectAttribution
from tests.conftest import make_practice
from tests.practices.test_export_copy import _request

pytestmark = pytest.mark.django_db


def assert_current(practice):
    """The stored lists equal what the Python row source computes now."""
    lists = PracticeExportLists.objects.get(pk=practice.pk)
    row = next(export_rows(Practice.objects.filter(pk=practice.pk), str, internal=True))
    public = [(slug, name) for slug, name, is_public in row.projects if is_public]
    assert lists.hurdles == " | ".join(row.hurdles)
    assert json.loads(lists.hurdles_json) == row.hurdles
    assert lists.tags == " | ".join(row.tags)
    assert json.loads(lists.tags_json) == row.tags
    assert lists.public_projects == " | ".join(name for _slug, name in public)
    assert json.loads(lists.public_projects_json) == [
        {"slug": slug, "name": name} for slug, name in public
    ]
    assert lists.all_projects == tabular_values(row, internal=True)[13]
    assert json.loads(lists.all_projects_json) == json_record(row, internal=True)["projects"]
    return lists


@pytest.fixture
def practice():
    return make_practice(tags=["Zebra", "Äpfel"], hurdles=["erste", "zweite"])


def test_a_new_practice_has_its_lists(practice):
    lists = assert_current(practice)
    assert lists.tags == "Äpfel | Zebra"
    assert lists.hurdles == "erste | zweite"


def test_hurdle_changes_are_followed(practice):
    Hurdle.objects.create(practice=practice, text="null", position=0)
    assert assert_current(practice).hurdles == "null | erste | zweite"
    practice.hurdles.get(text="erste").delete()
    assert assert_current(practice).hurdles == "null | zweite"


def test_tag_changes_and_renames_are_followed(practice):
    practice.tags.add("Mitte")
    practice.tags.remove("Zebra")
    assert assert_current(practice).tags == "Äpfel | Mitte"
    tag = Tag.objects.get(name="Mitte")
    tag.name = "Ende"
    tag.save()
    assert assert_current(practice).tags == "Äpfel | Ende"


def test_project_attributions_and_renames_are_followed(practice):
    first = Project.objects.create(short_name="Öko", slug="oeko")
    second = Project.objects.create(short_name="Abc", slug="abc")
    ProjectAttribution.objects.create(practice=practice, project=first, is_public=True)
    link = ProjectAttribution.objects.create(practice=practice, project=second, is_public=False)
    lists = assert_current(practice)
    assert (lists.public_projects, lists.all_projects) == ("Öko", "Abc (nicht öffentlich) | Öko")
    link.is_public = True
    link.save()
    assert assert_current(practice).public_projects == "Abc | Öko"
    first.short_name = "Zukunft"
    first.save()
    assert assert_current(practice).public_projects == "Abc | Zukunft"
    link.delete()
    assert assert_current(practice).all_projects == "Zukunft"


def test_bulk_writes_in_reindex_after_are_followed(practice):
    with search.reindex_after() as touched:
        Hurdle.objects.bulk_create([Hurdle(practice=practice, text="dritte", position=9)])
        touched.add(practice.pk)
    assert assert_current(practice).hurdles == "erste | zweite | dritte"


def test_deleting_a_practice_deletes_its_lists(practice):
    practice.delete()
    assert not PracticeExportLists.objects.filter(pk=practice.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's")
def test_the_copy_export_writes_missing_lists_first(practice):
    PracticeExportLists.objects.filter(pk=practice.pk).delete()
    exporter = PracticeExporter.for_list(_request())
    assert exporter.copy_export() is not None
    chunks, _counted = exporter.csv_bytes()
    assert "Äpfel | Zebra".encode() in b"".join(chunks)
    assert_current(practice)
