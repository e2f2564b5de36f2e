"""The documents task of a draft version: what it holds, adding a file, removing one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from dhrqa.transitions import IllegalTransition
from submissions import tasklist
from submissions.forms.documents import DocumentUploadForm
from submissions.forms.recommendations import ConfirmRemoveForm
from submissions.services.documents import add_document, remove_document
from submissions.views.objects import draft_to_prepare, preparing_drafts


def _to_documents(submission):
    return redirect("submissions:documents", reference=submission.review.reference, number=submission.number)


@never_cache
@preparing_drafts
def documents(request, reference, number):
    submission = draft_to_prepare(request, reference, number)
    posted = request.POST if request.method == "POST" else None
    form = DocumentUploadForm(posted, request.FILES if posted is not None else None,
                              case_kind=submission.review.kind, raw_names=getattr(request, "upload_names", None))
    if request.method == "POST" and form.is_valid():
        try:
            document = add_document(
                submission=submission, kind=form.cleaned_data["kind"], uploaded=form.cleaned_data["file"],
                inspected=form.inspected, name=form.cleaned_data["name"], added_by=request.user,
            )
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{document.original_name} has been added as the "
                                      f"{document.get_kind_display().lower()}")
        return _to_documents(submission)
    context = tasklist.version_context(submission, preparing=True)
    context["form"] = form
    return render(request, "submissions/documents.html", context)


@never_cache
@preparing_drafts
def document_remove(request, reference, number, pk):
    submission = draft_to_prepare(request, reference, number)
    document = get_object_or_404(submission.documents.select_related("stored_file"), pk=pk)
    posted = request.POST if request.method == "POST" else None
    form = ConfirmRemoveForm(posted, label="Remove document")
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
