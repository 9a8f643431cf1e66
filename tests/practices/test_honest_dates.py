"""Dates on an entry say what they mean: documentation, added, content changed, checked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practices.content import load_content
from practices.models import Practice
from tests.conftest import make_forum, make_practice
from tests.practices.test_exports import read_csv, read_json, read_xlsx

pytestmark = pytest.mark.django_db


def test_loaded_content_has_no_content_change_date_and_reloading_keeps_it_so(content):
    load_content()
    assert not Practice.objects.filter(content_changed_at__isnull=False).exists()


def test_only_a_change_of_what_the_entry_says_sets_the_content_date():
    practice = make_practice()
    assert practice.content_changed_at is None
    practice.last_reviewed_at = datetime.date(2026, 1, 1)
    practice.save()
    assert practice.content_changed_at is None
    practice.description = "Neu formuliert"
    practice.save()
    assert practice.content_changed_at is not None


def test_detail_page_names_the_four_dates_and_omits_the_missing(client):
    forum = make_forum(date=datetime.date(2025, 3, 5))
    practice = make_practice(forum)
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Stand der Dokumentation" in html
    assert '<time datetime="2025-03-05">5. März 2025</time>' in html
    assert "In die Wissensbasis aufgenommen" in html
    assert "Zuletzt inhaltlich geändert" not in html
    assert "Zuletzt geprüft" not in html
    assert "noch nicht geprüft" not in html
    practice.title = "Neuer Titel"
    practice.last_reviewed_at = datetime.date(2026, 2, 1)
    practice.save()
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Zuletzt inhaltlich geändert" in html
    assert '<time datetime="2026-02-01">1. Februar 2026</time>' in html


def test_exports_carry_the_same_dates_and_xlsx_stores_real_dates(client):
    forum = make_forum(date=datetime.date(2025, 3, 5))
    practice = make_practice(forum, last_reviewed_at=datetime.date(2026, 2, 1))
    params = {"forum": forum.slug}
    _body, rows = read_csv(client.get(reverse("practices:export_csv"), params))
    assert rows[0]["Forum-Datum"] == "2025-03-05"
    assert rows[0]["Zuletzt geprüft"] == "2026-02-01"
    assert rows[0]["Zuletzt inhaltlich geändert"] == ""
    # The export writes the local (Berlin) day, which is not UTC's around midnight.
    added = timezone.localdate(practice.created_at).isoformat()
    assert rows[0]["In die Wissensbasis aufgenommen"] == added
    record = read_json(client.get(reverse("practices:export_json"), params))["results"][0]
    assert record["documentation_date"] == "2025-03-05"
    assert record["last_reviewed_on"] == "2026-02-01"
    assert record["content_changed_on"] is None
    sheet = read_xlsx(client.get(reverse("practices:export_xlsx"), params)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    forum_date = sheet.cell(2, header.index("Forum-Datum") + 1)
    assert forum_date.is_date and forum_date.value.date() == datetime.date(2025, 3, 5)
    assert forum_date.number_format == "dd.mm.yyyy"
    reviewed = sheet.cell(2, header.index("Zuletzt geprüft") + 1)
    assert reviewed.value.date() == datetime.date(2026, 2, 1)
    assert sheet.cell(2, header.index("Zuletzt inhaltlich geändert") + 1).value is None
