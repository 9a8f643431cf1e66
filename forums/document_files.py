"""Uploaded forum documents: which files are accepted (by content), their stored names, serving."""

import secrets
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

MAX_BYTES = 50 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    # Shown in the browser (PDF, images); everything else is offered as a download only.
    inline: bool


PDF = FileType(".pdf", "application/pdf", True)
PNG = FileType(".png", "image/png", True)
JPEG = FileType(".jpg", "image/jpeg", True)
GIF = FileType(".gif", "image/gif", True)
WEBP = FileType(".webp", "image/webp", True)
_OOXML = "application/vnd.openxmlformats-officedocument."
DOCX = FileType(".docx", _OOXML + "wordprocessingml.document", False)
XLSX = FileType(".xlsx", _OOXML + "spreadsheetml.sheet", False)
PPTX = FileType(".pptx", _OOXML + "presentationml.presentation", False)
ODT = FileType(".odt", "application/vnd.oasis.opendocument.text", False)
ALL = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, ODT)
BY_EXTENSION = {file_type.extension: file_type for file_type in ALL}
# Anything stored before uploads were checked: a download, never rendered by the browser.
UNKNOWN = FileType("", "application/octet-stream", False)

_MAGIC = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG), (b"GIF8", GIF))
# The folder inside the ZIP that tells an Office document's kind (as the ECMA-376 parts do).
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


def detect(file):
    """Return the FileType of an open file by its content, or None; the position is kept."""
    position = file.tell()
    try:
        file.seek(0)
        head = file.read(16)
        file.seek(0)
        if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
            return WEBP
        for magic, file_type in _MAGIC:
            if head.startswith(magic):
                return file_type
        if head.startswith(b"PK\x03\x04"):
            return _office_type(file)
        return None
    finally:
        file.seek(position)


def _office_type(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    return ODT if part.read(100) == ODT_MIMETYPE else None
            # Macros run in Office when the file is opened: not on a public site.
            if "[Content_Types].xml" not in names or any("vbaProject" in n for n in names):
                return None
            return next(
                (kind for folder, kind in _OOXML_PARTS if any(n.startswith(folder) for n in names)),
                None,
            )
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def validate_document_file(file):
    """Accept PDF, DOCX, XLSX, PPTX, ODT and plain images, whatever the file is called."""
    if getattr(file, "_committed", False) is True:
        return  # already stored (and checked when it was uploaded)
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("Die Datei ist zu groß (höchstens %(limit)s MB).") % {"limit": MAX_BYTES // 2**20}
        )
    if detect(file) is None:
        raise ValidationError(
            _(
                "Erlaubt sind PDF, DOCX, XLSX, PPTX, ODT und Bilder (PNG, JPEG, GIF, WebP). "
                "Geprüft wird der Inhalt der Datei, nicht ihr Name; diese Datei ist keines davon."
            )
        )


class _DocumentFieldFile(FieldFile):
    def save(self, name, content, save=True):
        # A random name with the extension of the detected type: the uploader's file name
        # (personal names, "../", ".html") never reaches the storage or a URL.
        file_type = detect(content) or UNKNOWN
        super().save(f"{secrets.token_urlsafe(18)}{file_type.extension or '.bin'}", content, save)


class DocumentFileField(models.FileField):
    """A FileField storing each upload under a random name."""

    attr_class = _DocumentFieldFile
