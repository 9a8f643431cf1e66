"""Serve an uploaded forum document: public ones to anyone, the rest only to researchers."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from forums.document_files import UNKNOWN, detect
from forums.models import Document, Forum


def _public_forums():
    # Every forum page is public today; a forum publication state would be applied here.
    return Forum.objects.all()


def _may_download(user, document):
    if Document.objects.public().filter(pk=document.pk, forum__in=_public_forums()).exists():
        return True
    # Participant lists and unpublished documents: researchers only.
    return user.is_active and user.is_staff and user.has_perm("forums.view_document")


def document_file(request, forum_slug, pk):
    """Send the file with a type checked by content; a download unless it is a PDF or image."""
    document = get_object_or_404(
        Document.objects.select_related("forum"), pk=pk, forum__slug=forum_slug
    )
    # 404, not 403: whether a private document exists is no one else's business.
    if not document.file or not _may_download(request.user, document):
        raise Http404
    try:
        file = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    file_type = detect(file) or UNKNOWN
    name = (slugify(document.title) or "dokument") + (file_type.extension or ".bin")
    response = FileResponse(
        file,
        as_attachment=not file_type.inline,
        filename=name,
        content_type=file_type.content_type,
    )
    public = Document.objects.public().filter(pk=document.pk).exists()
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
