"""The import history: read-only, and undoing one import as a whole."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from reversion.models import Version

from imports.models import ImportBatch
from imports.spreadsheet.apply import apply_plan
from imports.undo import AlreadyUndone, undo_batch
from practices.models import Practice
from practices.roles import ADMINISTRATION, FREIGABE, REDAKTION
from tests.conftest import make_forum, make_practice
from tests.imports.conftest import client_for
from tests.imports.spreadsheets import csv_bytes, existing_row, new_row, plan_for

pytestmark = pytest.mark.django_db
State = Practice.PublicationState


@pytest.fixture
def forum(db):
    return make_forum()


@pytest.fixture
def batch(forum, roles):
    """A spreadsheet import of three new drafts and one update to an existing practice."""
    existing = make_practice(forum, publication_state=State.ENTWURF, title="Bestehend")
    rows = [new_row(forum, Titel=f"Import {n}", Hürden="Eine Hürde") for n in (1, 2, 3)]
    rows.append(existing_row(existing, Aspekt="Geändert durch Import"))
    return apply_plan(plan_for(csv_bytes(rows), roles[REDAKTION]), roles[REDAKTION])


def undo_url(batch):
    return reverse("admin:imports_importbatch_undo", args=[batch.pk])


def change_url(batch):
    return reverse("admin:imports_importbatch_change", args=[batch.pk])


def through_job(client, response):
    """Follow the redirect to the undo's job page, which goes on to the result."""
    assert response["Location"].startswith("/admin/aufgaben/")
    return client.get(response["Location"])


def test_undo_deletes_the_drafts_and_marks_the_batch(batch, roles):
    client = client_for(roles[FREIGABE])
    page = client.get(undo_url(batch)).content.decode()
    assert "3 Entwürfe und Einträge in Prüfung werden gelöscht" in page
    assert "Import 1" in page
    assert Practice.objects.filter(import_batch=batch).count() == 3  # GET changes nothing
    response = through_job(client, client.post(undo_url(batch)))
    assert response["Location"] == change_url(batch)
    assert not Practice.objects.filter(title__startswith="Import ").exists()
    assert Practice.objects.get(title="Bestehend").aspect == "Geändert durch Import"
    batch.refresh_from_db()
    assert batch.undone_by == roles[FREIGABE]
    assert batch.undone_at is not None
    assert len(batch.report["undo"]["deleted"]) == 3
    message = client.get(response["Location"]).content.decode()
    assert "Import rückgängig gemacht: 3 gelöscht, 0 archiviert." in message


def test_deleted_drafts_stay_recoverable_from_the_history(batch, roles):
    undo_batch(batch, roles[FREIGABE])
    deleted = Version.objects.get_deleted(Practice)
    assert {v.field_dict["title"] for v in deleted} >= {"Import 1", "Import 2", "Import 3"}
    assert "rückgängig gemacht" in deleted.first().revision.comment


def test_undoing_twice_is_refused_with_a_message(batch, roles):
    client = client_for(roles[FREIGABE])
    client.post(undo_url(batch))
    response = client.post(undo_url(batch))
    assert response["Location"] == change_url(batch)
    html = client.get(response["Location"]).content.decode()
    assert "wurde bereits am" in html and "ein zweites Mal geht nicht" in html
    with pytest.raises(AlreadyUndone):
        undo_batch(batch, roles[FREIGABE])


def test_practices_published_since_are_archived_by_freigabe(batch, roles):
    published = Practice.objects.filter(import_batch=batch).order_by("pk").first()
    published.publication_state = State.VEROEFFENTLICHT
    published.save()
    result = undo_batch(batch, roles[FREIGABE])
    published.refresh_from_db()
    assert published.publication_state == State.ARCHIVIERT
    assert published.state_changed_by == roles[FREIGABE]
    assert (len(result.deleted), len(result.archived), result.kept) == (2, 1, [])


@pytest.fixture
def deleter(roles):
    """Redaktion plus the rights to delete practices and undo imports, but not to publish."""
    user = roles[REDAKTION]
    user.user_permissions.add(
        Permission.objects.get(codename="delete_practice"),
        Permission.objects.get(codename="undo_importbatch"),
    )
    return user


def test_practices_published_since_stay_without_the_publish_right_and_are_listed(batch, deleter):
    published = Practice.objects.filter(import_batch=batch).order_by("pk").first()
    published.publication_state = State.VEROEFFENTLICHT
    published.save()
    client = client_for(deleter)
    assert "Sie bleiben veröffentlicht" in client.get(undo_url(batch)).content.decode()
    response = through_job(client, client.post(undo_url(batch)))
    published.refresh_from_db()
    assert published.publication_state == State.VEROEFFENTLICHT
    html = client.get(response["Location"]).content.decode()
    assert "bleiben veröffentlicht" in html and published.title in html
    batch.refresh_from_db()
    assert batch.report["undo"]["kept"] == [{"id": published.pk, "title": published.title}]


def test_undo_works_for_forum_text_imports_too(forum, roles):
    other = ImportBatch.objects.create(kind=ImportBatch.Kind.FORUM_TEXT, forum=forum)
    draft = make_practice(forum, publication_state=State.IN_PRUEFUNG, import_batch=other)
    undo_batch(other, roles[FREIGABE])
    assert not Practice.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    ("role", "status"), [("staff", 403), (REDAKTION, 403), (FREIGABE, 302), (ADMINISTRATION, 302)]
)
def test_undo_needs_the_undo_right_and_a_post(batch, roles, role, status):
    client = client_for(roles[role])
    assert client.post(undo_url(batch)).status_code == status
    assert Practice.objects.filter(import_batch=batch).exists() is (status == 403)


def test_the_undo_form_needs_a_csrf_token(batch, roles):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(roles[FREIGABE])
    assert client.post(undo_url(batch)).status_code == 403
    assert Practice.objects.filter(import_batch=batch).count() == 3


@pytest.mark.parametrize("role", [REDAKTION, FREIGABE, ADMINISTRATION])
def test_the_history_lists_imports_read_only_with_a_link_to_their_practices(batch, roles, role):
    client = client_for(roles[role])
    changelist = client.get(reverse("admin:imports_importbatch_changelist")).content.decode()
    practices = f"?import_batch__id__exact={batch.pk}"
    assert practices in changelist
    assert "test.csv" in changelist
    listed = client.get(reverse("admin:practices_practice_changelist") + practices)
    assert listed.status_code == 200
    html = listed.content.decode()
    assert "Import 1" in html and "Bestehend" not in html
    detail = client.get(change_url(batch)).content.decode()
    assert ("Import rückgängig machen" in detail) is (role != REDAKTION)
    assert 'name="_save"' not in detail  # read-only: no save button


def test_nobody_adds_changes_or_deletes_history_entries_by_hand(batch, superuser, client):
    client.force_login(superuser)
    add = client.get(reverse("admin:imports_importbatch_add"))
    assert add.status_code == 403
    delete = client.post(
        reverse("admin:imports_importbatch_delete", args=[batch.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    client.post(change_url(batch), {"source_name": "gefälscht.csv"})
    batch.refresh_from_db()
    assert batch.source_name == "test.csv"
    assert ImportBatch.objects.count() == 1


def test_staff_without_rights_cannot_see_the_history(batch, roles):
    client = client_for(roles["staff"])
    assert client.get(reverse("admin:imports_importbatch_changelist")).status_code == 403
    assert client.get(undo_url(batch)).status_code == 403


def test_the_import_admin_passes_the_system_checks():
    from django.core import checks

    assert [e for e in checks.run_checks() if e.id.startswith("admin.")] == []


def test_undo_archives_through_the_gateway_which_refuses_redaktion(batch, roles):
    from django.core.exceptions import PermissionDenied

    from practices.workflow import set_state

    published = Practice.objects.filter(import_batch=batch).order_by("pk").first()
    published.publication_state = State.VEROEFFENTLICHT
    published.save()
    with pytest.raises(PermissionDenied):
        set_state(published, State.ARCHIVIERT, roles[REDAKTION])
    undo_batch(batch, roles[ADMINISTRATION])
    published.refresh_from_db()
    assert published.publication_state == State.ARCHIVIERT
    comment = Version.objects.get_for_object(published).first().revision.comment
    assert "rückgängig gemacht: archiviert" in comment


def test_redaktion_alone_may_not_undo_an_import_which_deletes_drafts(batch, roles):
    client = client_for(roles[REDAKTION])
    assert client.get(undo_url(batch)).status_code == 403
    assert client.post(undo_url(batch)).status_code == 403
    with pytest.raises(PermissionDenied):
        undo_batch(batch, roles[REDAKTION])
    assert Practice.objects.filter(import_batch=batch).count() == 3
    batch.refresh_from_db()
    assert batch.undone_at is None


def test_the_delete_right_is_enough_to_undo(batch, deleter):
    assert client_for(deleter).post(undo_url(batch)).status_code == 302
    assert not Practice.objects.filter(import_batch=batch).exists()
