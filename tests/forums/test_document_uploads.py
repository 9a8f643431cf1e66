"""Document uploads: checked by content, stored under random names, served only where allowed."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forums.document_files import validate_document_file
from forums.models import Document
from practices.roles import REDAKTION
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
Kind = Document.Kind

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _zip(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
DOCM = _zip(
    {
        "[Content_Types].xml": "<Types/>",
        "word/document.xml": "<w:document/>",
        "word/vbaProject.bin": "macro",
    }
)
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
ODS = _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    "name, data",
    [
        ("folien.pdf", PDF),
        ("bild.png", PNG),
        ("text.docx", DOCX),
        ("tabelle.xlsx", _xlsx()),
        ("text.odt", ODT),
        ("unbenannt", PDF),
        ("folien.html", PDF),
    ],
)
def test_allowed_types_are_accepted_whatever_their_name(name, data):
    validate_document_file(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(
    "name, data",
    [
        ("folien.pdf", HTML),
        ("bild.png", SVG),
        ("bild.svg", SVG),
        ("makro.docx", DOCM),
        ("tabelle.xlsx", ODS),
        ("archiv.docx", _zip({"readme.txt": "x"})),
        ("leer.pdf", b""),
        ("kaputt.docx", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_other_content_is_refused_with_a_german_message(name, data):
    with pytest.raises(ValidationError, match="Geprüft wird der Inhalt der Datei"):
        validate_document_file(SimpleUploadedFile(name, data))


def _upload(users, forum, name, data, **fields):
    """Add a document through the admin as Redaktion; return the response."""
    client = client_for(users[REDAKTION])
    values = {"forum": forum.pk, "title": "Folien zum Thementisch", "kind": Kind.FOLIENSATZ}
    values.update(fields)
    return client.post(
        reverse("admin:forums_document_add"), {**values, "file": SimpleUploadedFile(name, data)}
    )


def test_an_html_file_named_pdf_is_refused_in_the_admin(users, forum):
    response = _upload(users, forum, "folien.pdf", HTML)
    assert response.status_code == 200
    assert "Geprüft wird der Inhalt der Datei" in response.content.decode()
    assert not forum.documents.exists()


def test_an_upload_is_stored_under_a_random_name_with_the_detected_extension(
    users, forum, media_root
):
    response = _upload(users, forum, "Teilnehmer Müller.docx", PDF, is_public="on")
    assert response.status_code == 302, response.content.decode()[:3000]
    name = forum.documents.get().file.name
    assert name.startswith("documents/") and name.endswith(".pdf")
    assert "ller" not in name and len(name) > len("documents/") + 20
    assert default_storage.open(name).read() == PDF
    assert (media_root / name).read_bytes() == PDF


def _document(forum, data, *, name="x.pdf", **fields):
    fields = {"kind": Kind.FOLIENSATZ, **fields}
    document = Document(forum=forum, title="Folien Runde 2", **fields)
    document.file.save(name, SimpleUploadedFile(name, data), save=False)
    document.save()
    return document


def test_a_public_pdf_is_shown_inline_with_nosniff_and_the_csp(client, forum):
    document = _document(forum, PDF, is_public=True)
    response = client.get(document.get_file_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="folien-runde-2.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    html = client.get(forum.get_absolute_url()).content.decode()
    assert document.get_file_url() in html


@pytest.mark.parametrize("data, extension", [(DOCX, ".docx"), (ODT, ".odt"), (_xlsx(), ".xlsx")])
def test_office_documents_are_downloads_never_shown_inline(client, forum, data, extension):
    document = _document(forum, data, name="x" + extension, is_public=True)
    response = client.get(document.get_file_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Disposition"].endswith(f'{extension}"')
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_stored_before_the_checks_is_a_download_of_unknown_type(client, forum):
    document = _document(forum, HTML, is_public=True)
    response = client.get(document.get_file_url())
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_non_public_document_is_served_to_researchers_only(client, forum, users):
    document = _document(forum, PDF, is_public=False)
    assert client.get(document.get_file_url()).status_code == 404
    response = client_for(users[REDAKTION]).get(document.get_file_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_participant_list_is_never_served_but_to_researchers(
    client, forum, users, django_user_model
):
    document = _document(forum, PDF, kind=Kind.TEILNEHMENDENLISTE, is_public=True)
    assert client.get(document.get_file_url()).status_code == 404
    staff = django_user_model.objects.create_user("ohne-rechte", is_staff=True)
    visitor = django_user_model.objects.create_user("besucher")
    assert client_for(staff).get(document.get_file_url()).status_code == 404
    assert client_for(visitor).get(document.get_file_url()).status_code == 404
    assert client_for(users[REDAKTION]).get(document.get_file_url()).status_code == 200


def test_a_document_is_only_found_under_its_own_forum(client, forum):
    from tests.conftest import make_forum

    document = _document(forum, PDF, is_public=True)
    other = make_forum()
    url = reverse("forums:document", kwargs={"forum_slug": other.slug, "pk": document.pk})
    assert client.get(url).status_code == 404


def test_media_urls_are_not_served_at_all(client, forum):
    document = _document(forum, PDF, is_public=False)
    assert client.get("/" + "media/" + document.file.name).status_code == 404


def test_s3_storage_is_chosen_by_setting(monkeypatch):
    from rehapro_kb.settings import media_storage

    monkeypatch.setenv("DJANGO_MEDIA_STORAGE", "s3")
    monkeypatch.setenv("DJANGO_S3_BUCKET", "rehapro-dokumente")
    monkeypatch.setenv("DJANGO_S3_ENDPOINT_URL", "https://s3.example.org")
    storage = media_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["default_acl"] == "private"
    from storages.backends.s3 import S3Storage

    assert S3Storage(**storage["OPTIONS"]).bucket_name == "rehapro-dokumente"
    monkeypatch.setenv("DJANGO_S3_BUCKET", "")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_S3_BUCKET"):
        media_storage()
    monkeypatch.setenv("DJANGO_MEDIA_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_MEDIA_STORAGE"):
        media_storage()
