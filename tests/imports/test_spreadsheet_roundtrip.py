"""Export → import changes nothing: public and internal exports, CSV and XLSX."""

import pytest
from django.urls import reverse

from imports.models import ImportBatch
from imports.spreadsheet.apply import apply_plan
from imports.spreadsheet.plan import UNCHANGED
from practices.models import Practice, Project, ProjectAttribution
from practices.roles import FREIGABE, REDAKTION
from tests.conftest import make_practice, make_thementisch
from tests.imports.conftest import client_for
from tests.imports.spreadsheets import plan_for

pytestmark = pytest.mark.django_db
State = Practice.PublicationState


@pytest.fixture
def tricky(content):
    """Practices whose values test the formats' edges, next to the curated content."""
    forum = content.get(slug="fachforum-2025")
    table = make_thementisch(forum, title="Thementisch mit „Anführungszeichen“; und Semikolon")
    project = Project.objects.order_by("pk").first()
    hidden = Project.objects.order_by("pk").last()
    practice = make_practice(
        forum,
        title="=SUMME(A1) sieht aus wie eine Formel",
        description='-Beginnt mit Minus; enthält "Anführungszeichen",\r\nZeilenumbrüche\nund Ümläute ß',
        aspect="@Aspekt mit At",
        thementisch=table,
        hurdles=["+Plus am Anfang", "Hürde mit | Strich darin", "\tTabulator vorne"],
        tags=["Netzwerkarbeit", "Sonderzeichen & Co."],
    )
    ProjectAttribution.objects.create(practice=practice, project=project, is_public=True)
    ProjectAttribution.objects.create(practice=practice, project=hidden, is_public=False)
    draft = make_practice(
        forum, title="Entwurf mit Leerzeichen am Ende ", publication_state=State.ENTWURF
    )
    return practice, draft


def _body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _public_export(client, name, **params):
    return _body(client.get(reverse(f"practices:{name}"), params))


def _internal_export(action):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("export-admin", "x@example.org", "pw-1234567")
    response = client_for(admin).post(
        reverse("admin:practices_practice_changelist"),
        {"action": action, "select_across": "1", "index": "0", "_selected_action": ["0"]},
    )
    return _body(response)


EXPORTS = {
    "public-csv": lambda client: _public_export(client, "export_csv"),
    "public-csv-komma": lambda client: _public_export(client, "export_csv", trennzeichen="komma"),
    "public-xlsx": lambda client: _public_export(client, "export_xlsx"),
    "internal-csv": lambda client: _internal_export("export_selected_csv"),
    "internal-xlsx": lambda client: _internal_export("export_selected_xlsx"),
}


@pytest.mark.parametrize("export", EXPORTS, ids=str)
@pytest.mark.parametrize("role", [REDAKTION, FREIGABE])
def test_reimporting_an_export_changes_nothing(client, roles, tricky, export, role):
    data = EXPORTS[export](client)
    plan = plan_for(data, roles[role], name=f"export.{export.rsplit('-', 1)[-1]}")
    expected = (
        Practice.objects.count()
        if export.startswith("internal")
        else (Practice.objects.published().count())
    )
    assert plan.errors == []
    assert [row for row in plan.rows if row.action != UNCHANGED] == []
    assert plan.count(UNCHANGED) == expected > 100


@pytest.mark.parametrize("export", ["public-csv", "internal-xlsx"])
def test_confirming_a_reimport_writes_nothing_and_records_all_rows_unchanged(
    client, roles, tricky, export
):
    data = EXPORTS[export](client)
    before = dict(Practice.objects.values_list("pk", "updated_at"))
    tokens = dict(Practice.objects.values_list("pk", "edit_token"))
    batch = apply_plan(plan_for(data, roles[FREIGABE]), roles[FREIGABE])
    assert (batch.created_count, batch.updated_count) == (0, 0)
    assert batch.unchanged_count > 100
    assert dict(Practice.objects.values_list("pk", "updated_at")) == before
    assert dict(Practice.objects.values_list("pk", "edit_token")) == tokens
    assert ImportBatch.objects.count() == 1


def test_the_upload_page_says_an_exported_file_has_nothing_to_import(client, roles, tricky):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = EXPORTS["public-xlsx"](client)
    editor = client_for(roles[REDAKTION])
    response = editor.post(
        reverse("imports:spreadsheet"), {"file": SimpleUploadedFile("export.xlsx", data)}
    )
    assert response.status_code == 302
    page = editor.get(response["Location"]).content.decode()
    assert "keine Änderungen" in page
    assert "Import bestätigen" not in page
