"""Admin pages for importing a forum documentation as draft practices."""

import dataclasses
from pathlib import Path

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from imports.forum_text.create import create_drafts
from imports.forum_text.forms import (
    ConfirmForm,
    ForumTextForm,
    RowFormSet,
    row_initial,
    sign_preview,
)
from imports.forum_text.parser import parse

EXAMPLE_FILE = Path(__file__).resolve().parent / "examples" / "forumsdokumentation-beispiel.md"
# Every row has three inputs; Django refuses requests with more than 1000 fields.
MAX_ROWS = 300
ROWS_PREFIX = "rows"


def _require_permission(request):
    if not request.user.has_perm("imports.add_importbatch"):
        raise PermissionDenied


def _context(request, **extra):
    return {
        **admin.site.each_context(request),
        "title": _("Forumsdokumentation importieren"),
        "example_text": EXAMPLE_FILE.read_text(encoding="utf-8"),
        **extra,
    }


def _input_page(request, form, proposal=None, error=None):
    context = _context(request, form=form, proposal=proposal, error=error)
    return TemplateResponse(request, "admin/imports/forum_text_form.html", context)


def _preview_page(request, confirm_form, proposal, formset, *, forum, source_name, error=None):
    context = _context(
        request,
        title=_("Vorschau: Forumsdokumentation importieren"),
        forum=forum,
        source_name=source_name,
        confirm_form=confirm_form,
        proposal=proposal,
        formset=formset,
        rows=list(zip(proposal.practices, formset.forms, strict=True)),
        error=error,
    )
    return TemplateResponse(request, "admin/imports/forum_text_preview.html", context)


def _too_many_rows(count):
    return _(
        "Der Text ergibt %(count)s Praxisbeispiele; ein Import umfasst höchstens %(max)s. "
        "Bitte die Dokumentation aufteilen."
    ) % {"count": count, "max": MAX_ROWS}


def input_view(request):
    """Step 1: choose the forum and paste or upload the documentation; then preview."""
    _require_permission(request)
    if request.method != "POST":
        return _input_page(request, ForumTextForm())
    if "edit" in request.POST:
        # Back from the preview: the text and forum come back into the form for editing.
        initial = {key: request.POST.get(key, "") for key in ("forum", "text", "source_name")}
        return _input_page(request, ForumTextForm(initial=initial))
    form = ForumTextForm(request.POST, request.FILES)
    if not form.is_valid():
        return _input_page(request, form)
    forum, text = form.cleaned_data["forum"], form.cleaned_data["content"]
    source_name = form.cleaned_data["source_name"]
    proposal = parse(text)
    if not proposal.practices:
        form.add_error(None, _("In diesem Text wurde kein Praxisbeispiel erkannt."))
        return _input_page(request, form, proposal)
    if len(proposal.practices) > MAX_ROWS:
        form.add_error(None, _too_many_rows(len(proposal.practices)))
        return _input_page(request, form)
    confirm_form = ConfirmForm(
        initial={
            "forum": forum.pk,
            "source_name": source_name,
            "text": text,
            "signature": sign_preview(forum, source_name, text),
        }
    )
    formset = RowFormSet(initial=row_initial(proposal), prefix=ROWS_PREFIX)
    return _preview_page(
        request, confirm_form, proposal, formset, forum=forum, source_name=source_name
    )


def confirm_view(request):
    """Step 2: apply the researcher's corrections and create the drafts in one transaction."""
    _require_permission(request)
    if request.method != "POST":
        return redirect("imports:forum_text")
    confirm_form = ConfirmForm(request.POST)
    if not confirm_form.is_valid():
        initial = {key: request.POST.get(key, "") for key in ("forum", "text", "source_name")}
        error = " ".join(confirm_form.non_field_errors())
        return _input_page(request, ForumTextForm(initial=initial), error=error)
    forum = confirm_form.cleaned_data["forum"]
    source_name = confirm_form.cleaned_data["source_name"]
    proposal = parse(confirm_form.cleaned_data["text"])
    formset = RowFormSet(request.POST, prefix=ROWS_PREFIX)
    # The text is vouched for; only the row count can still disagree (a tampered form).
    if not formset.is_valid() or formset.total_form_count() != len(proposal.practices):
        if formset.total_form_count() != len(proposal.practices):
            formset = RowFormSet(initial=row_initial(proposal), prefix=ROWS_PREFIX)
        error = _("Bitte die markierten Angaben korrigieren.")
        return _preview_page(
            request,
            confirm_form,
            proposal,
            formset,
            forum=forum,
            source_name=source_name,
            error=error,
        )

    chosen, excluded = [], []
    for row, corrections in zip(proposal.practices, formset.cleaned_data, strict=True):
        if not corrections.get("include"):
            excluded.append(row)
            continue
        chosen.append(
            dataclasses.replace(row, category=corrections["category"], status=corrections["status"])
        )
    if not chosen:
        error = _("Bitte mindestens ein Praxisbeispiel zum Übernehmen auswählen.")
        return _preview_page(
            request,
            confirm_form,
            proposal,
            formset,
            forum=forum,
            source_name=source_name,
            error=error,
        )

    batch = create_drafts(
        chosen,
        forum=forum,
        source_name=source_name,
        user=request.user,
        unplaced=proposal.unplaced,
        excluded=excluded,
    )
    messages.success(
        request,
        _("%(count)s Entwürfe aus „%(source)s“ angelegt (Import Nr. %(id)s).")
        % {"count": batch.created_count, "source": source_name, "id": batch.pk},
    )
    changelist = reverse("admin:practices_practice_changelist")
    return redirect(f"{changelist}?import_batch__id__exact={batch.pk}")


def example_view(request):
    """Download the example documentation."""
    _require_permission(request)
    return FileResponse(
        EXAMPLE_FILE.open("rb"),
        as_attachment=True,
        filename=EXAMPLE_FILE.name,
        content_type="text/markdown; charset=utf-8",
    )
