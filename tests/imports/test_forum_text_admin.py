"""The admin import of a forum documentation: upload, preview, correct, confirm; who may."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from imports.models import ImportBatch
from practices.models import Practice
from practices.roles import REDAKTION, setup_roles

FIXTURE = Path(__file__).parent / "fixtures" / "fachforum-2025-transfer.md"
INPUT_URL = reverse("imports:forum_text")
CONFIRM_URL = reverse("imports:forum_text_confirm")
EXAMPLE_URL = reverse("imports:forum_text_example")
SMALL = "Sonstiges\nGEPLANTES\n- Träger einbinden\n- Räume sichern\nAber: Geld fehlt\n"


@pytest.fixture
def redaktion(django_user_model):
    setup_roles()
    user = django_user_model.objects.create_user("redaktion", password="pw-123", is_staff=True)
    user.groups.add(Group.objects.get(name=REDAKTION))
    return user


@pytest.fixture
def researcher(redaktion):
    client = Client()
    client.force_login(redaktion)
    return client


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/markdown")


def preview(client, forum, **fields):
    return client.post(INPUT_URL, {"forum": forum.pk, "text": "", **fields})


def confirm_data(response, row_changes=None):
    """The form the preview page would post back, with changes per row index."""
    confirm = response.context["confirm_form"]
    formset = response.context["formset"]
    data = {name: confirm.initial[name] for name in ("forum", "source_name", "text", "signature")}
    data.update({f"rows-{key}": value for key, value in formset.management_form.initial.items()})
    for index, form in enumerate(formset.forms):
        values = {**form.initial, **(row_changes or {}).get(index, {})}
        data[f"rows-{index}-category"] = values["category"]
        data[f"rows-{index}-status"] = values["status"]
        if values["include"]:
            data[f"rows-{index}-include"] = "on"
    return data


def imported():
    return Practice.objects.filter(import_batch__isnull=False)


# Permissions.


@pytest.mark.parametrize("url", [INPUT_URL, CONFIRM_URL, EXAMPLE_URL])
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [INPUT_URL, CONFIRM_URL, EXAMPLE_URL])
def test_staff_without_the_import_permission_get_403(django_user_model, url, forum):
    user = django_user_model.objects.create_user("staff", password="pw-123", is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"forum": forum.pk, "text": SMALL}).status_code == 403
    assert not imported().exists()


def test_redaktion_sees_the_page_with_the_format_and_the_example(researcher, forum):
    response = researcher.get(INPUT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Welches Format das Import-Werkzeug versteht" in html
    assert "Schwerpunktthema Transfer &amp; Verstetigung" in html  # the example, shown
    assert f'<option value="{forum.pk}">' in html


def test_the_example_file_downloads(researcher):
    response = researcher.get(EXAMPLE_URL)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"GEPLANTES" in b"".join(response.streaming_content)


def test_the_admin_start_page_links_the_import_only_for_those_who_may(
    researcher, django_user_model
):
    assert INPUT_URL in researcher.get(reverse("admin:index")).content.decode()
    user = django_user_model.objects.create_user("staff", password="pw-123", is_staff=True)
    client = Client()
    client.force_login(user)
    assert INPUT_URL not in client.get(reverse("admin:index")).content.decode()


# The flow.


def test_upload_preview_correct_and_confirm_creates_the_corrected_drafts(
    researcher, redaktion, forum
):
    response = preview(researcher, forum, file=upload("doku.md", FIXTURE.read_bytes()))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["rows"]) == 70
    assert "3 Zeilen nicht zugeordnet" in html
    assert "Welche Angebote sollen von JC" in html
    assert "Weiterführung unklar" in html  # a hurdle, shown in the table
    assert not imported().exists()  # nothing yet

    # The researcher corrects the first row's category and leaves out the second row.
    data = confirm_data(response, {0: {"category": "finanzierung"}, 1: {"include": False}})
    response = researcher.post(CONFIRM_URL, data)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('admin:practices_practice_changelist')}?import_batch__id__exact={batch.pk}"
    )
    practices = Practice.objects.filter(import_batch=batch).order_by("id")
    assert practices.count() == batch.created_count == 69
    first = practices.first()
    assert (first.description, first.category) == (
        "Resilienz-Trainings weiterhin anbieten",
        "finanzierung",
    )
    assert not practices.filter(description="Gesundheitssprechstunde im JC erhalten").exists()
    assert set(practices.values_list("publication_state", flat=True)) == {"entwurf"}
    assert set(practices.values_list("created_by", flat=True)) == {redaktion.pk}
    assert batch.created_by == redaktion
    assert batch.source_name == "doku.md"
    assert batch.report["excluded"] == [
        {"lines": "8", "title": "Gesundheitssprechstunde im JC erhalten"}
    ]
    assert len(batch.report["unplaced"]) == 3

    revision = Version.objects.get_for_object(first).get().revision
    assert revision.user == redaktion
    assert revision.comment == "Import aus Forumsdokumentation „doku.md“ (" + forum.title + ")"

    changelist = researcher.get(response["Location"])
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 69
    assert "69 Entwürfe aus „doku.md“ angelegt" in changelist.content.decode()


def test_pasted_text_with_windows_line_endings_is_imported(researcher, forum):
    response = preview(researcher, forum, text=SMALL.replace("\n", "\r\n"))
    assert [row.line_label for row, _form in response.context["rows"]] == ["3", "4–5"]
    researcher.post(CONFIRM_URL, confirm_data(response))
    practice = imported().get(description="Räume sichern")
    assert practice.source_section == "eingefügter Text, Zeilen 4–5 › Sonstiges › GEPLANTES"
    assert list(practice.hurdles.values_list("text", flat=True)) == ["Geld fehlt"]


def test_back_to_editing_keeps_the_text_and_the_forum(researcher, forum):
    response = preview(researcher, forum, text=SMALL)
    data = confirm_data(response)
    data["edit"] = "Text bearbeiten"
    response = researcher.post(INPUT_URL, data)
    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["text"] == SMALL
    assert str(form.initial["forum"]) == str(forum.pk)
    assert not imported().exists()


# Bad input: a German message, no 500, nothing created.


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "Bitte den Text einer Forumsdokumentation einfügen"),
        ({"text": "   \n\n"}, "Bitte den Text einer Forumsdokumentation einfügen"),
        ({"text": "Nur Fließtext.\nOhne Struktur."}, "kein Praxisbeispiel erkannt"),
        ({"file": upload("bild.md", b"\x89PNG\r\n\x1a\n\x00\x00IHDR")}, "keine Textdatei"),
        ({"file": upload("tabelle.xlsx", b"PK\x03\x04")}, "Textdatei (.txt oder .md)"),
        ({"file": upload("gross.txt", b"- x\n" * 600_000)}, "zu groß (höchstens 2 MB)"),
        ({"text": SMALL, "file": upload("doku.md", SMALL.encode())}, "nicht beides"),
        ({"text": "- x\n" * 600_000}, "zu lang (höchstens 2 MB)"),
    ],
    ids=[
        "empty",
        "blank",
        "no-bullets",
        "binary",
        "not-text",
        "too-large-file",
        "both",
        "too-long-text",
    ],
)
def test_bad_input_is_refused_with_a_german_message(researcher, forum, fields, message):
    response = preview(researcher, forum, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "confirm_form" not in response.context
    assert not imported().exists()


def test_an_unknown_forum_is_refused(researcher):
    response = researcher.post(INPUT_URL, {"forum": 999_999, "text": SMALL})
    assert response.status_code == 200
    assert "gültige Auswahl" in response.content.decode()


def test_a_missing_forum_is_refused(researcher):
    response = researcher.post(INPUT_URL, {"text": SMALL})
    assert "Bitte ein Fachforum wählen." in response.content.decode()


def test_a_text_changed_after_the_preview_is_not_imported(researcher, forum):
    data = confirm_data(preview(researcher, forum, text=SMALL))
    data["text"] = SMALL.replace("Träger einbinden", "Etwas ganz anderes")
    response = researcher.post(CONFIRM_URL, data)
    assert response.status_code == 200
    assert "Die Vorschau ist abgelaufen oder wurde verändert" in response.content.decode()
    assert not imported().exists()


def test_a_forged_category_is_refused_and_nothing_is_created(researcher, forum):
    data = confirm_data(preview(researcher, forum, text=SMALL))
    data["rows-0-category"] = "erfunden"
    response = researcher.post(CONFIRM_URL, data)
    assert response.status_code == 200
    assert "Bitte die markierten Angaben korrigieren." in response.content.decode()
    assert not imported().exists()


def test_a_forged_row_count_is_refused(researcher, forum):
    data = confirm_data(preview(researcher, forum, text=SMALL))
    data["rows-TOTAL_FORMS"] = "1"
    response = researcher.post(CONFIRM_URL, data)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2
    assert not imported().exists()


def test_confirming_with_no_row_chosen_creates_nothing(researcher, forum):
    data = confirm_data(
        preview(researcher, forum, text=SMALL), {0: {"include": False}, 1: {"include": False}}
    )
    response = researcher.post(CONFIRM_URL, data)
    assert "mindestens ein Praxisbeispiel" in response.content.decode()
    assert not imported().exists()
    assert not ImportBatch.objects.exists()


def test_a_confirm_without_the_preview_fields_goes_back_to_the_form(researcher):
    response = researcher.post(CONFIRM_URL, {"rows-TOTAL_FORMS": "x"})
    assert response.status_code == 200
    assert "Die Vorschau ist abgelaufen oder wurde verändert" in response.content.decode()
    assert researcher.get(CONFIRM_URL).status_code == 302
