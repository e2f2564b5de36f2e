"""The documents task of a draft version: what it holds, adding a file, removing one.

Without JavaScript the page posts one file at a time and answers with the page.
With it, static/js/document-upload.mjs posts each chosen file to the same view,
asking for JSON, and gets the MoJ multi-file upload component's answer:
{"success": {"messageText", "messageHtml"}, "file": {...}} or
{"error": {"message"}, "file": {...}}, with the same checks and messages.
"""

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.views.decorators.cache import never_cache

from dhrqa.transitions import IllegalTransition
from submissions import tasklist
from submissions.forms.documents import DocumentUploadForm
from submissions.forms.recommendations import ConfirmRemoveForm
from submissions.inspection import describe_size
from submissions.services.documents import add_document, remove_document
from submissions.views.objects import draft_to_prepare, preparing_drafts

JSON = "application/json"


def _to_documents(submission):
    return redirect("submissions:documents", reference=submission.review.reference, number=submission.number)


@never_cache
@preparing_drafts
def documents(request, reference, number):
    submission = draft_to_prepare(request, reference, number)
    posted = request.method == "POST"
    form = DocumentUploadForm(
        request.POST if posted else None, request.FILES if posted else None, case_kind=submission.review.kind,
        raw_names=request.upload_names, refused=getattr(request, "upload_refused", None),
    )
    wants_json = request.get_preferred_type(["text/html", JSON]) == JSON
    if posted and form.is_valid():
        try:
            document = add_document(
                submission=submission, kind=form.cleaned_data["kind"], uploaded=form.cleaned_data["file"],
                inspected=form.inspected, name=form.cleaned_data["name"], added_by=request.user,
            )
        except IllegalTransition as refused:
            if wants_json:
                return _refused(str(refused), form, status=409)
            messages.error(request, str(refused))
        else:
            added = f"{document.original_name} has been added as the {document.get_kind_display().lower()}"
            if wants_json:
                return JsonResponse({
                    "success": {"messageText": added, "messageHtml": escape(added)},
                    "file": {"filename": str(document.pk), "originalname": document.original_name},
                })
            messages.success(request, added)
        return _to_documents(submission)
    if posted and wants_json:
        return _refused(_first_error(form), form, status=400)
    context = tasklist.version_context(submission, preparing=True)
    context["form"] = form
    context["max_upload"] = describe_size(settings.DHRQA_MAX_UPLOAD_BYTES)
    return render(request, "submissions/documents.html", context)


def _first_error(form):
    """The message the page would show first: fields in the order the page shows them."""
    for name in form.fields:
        if form.errors.get(name):
            return form.errors[name][0]
    return form.non_field_errors()[0]


def _refused(message, form, *, status):
    names = form.raw_names.get("file") or [""]
    return JsonResponse({"error": {"message": message}, "file": {"filename": "", "originalname": names[0]}},
                        status=status)


@never_cache
@preparing_drafts
def document_remove(request, reference, number, pk):
    submission = draft_to_prepare(request, reference, number)
    document = get_object_or_404(submission.documents.select_related("stored_file"), pk=pk)
    form = ConfirmRemoveForm(request.POST if request.method == "POST" else None, label="Remove document")
    if request.method == "POST" and form.is_valid():
        try:
            remove_document(document=document, removed_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{document.original_name} has been removed")
        return _to_documents(submission)
    return render(request, "submissions/document_remove.html", {
        "form": form, "submission": submission, "document": document,
    })
