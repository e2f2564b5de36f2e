from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from dhrqa.permissions import get_permitted_or_404
from submissions.queries import documents_for_user
from submissions.services.documents import DocumentAltered, open_document


@never_cache
@require_safe
def document_download(request, pk):
    document = get_permitted_or_404(
        request.user, "submissions.download_document", documents_for_user(request.user), pk=pk
    )
    return send_document(request, document, back=("submissions:review_detail",
                                                   {"reference": document.submission.review.reference}))


def send_document(request, document, *, back):
    """The document as a download, recorded in the audit trail; HEAD sends its headers and records nothing.

    A file whose bytes no longer match their hash is not sent: the person goes
    `back` (a URL name and its arguments) with a message.
    """
    disposition = content_disposition_header(True, document.download_name)
    if request.method == "HEAD":
        # Nothing is sent, so nothing is recorded as downloaded.
        response = HttpResponse(content_type=document.media_type)
        response["Content-Length"] = str(document.stored_file.size)
        response["Content-Disposition"] = disposition
        return response
    try:
        opened = open_document(document=document, user=request.user)
    except DocumentAltered:
        messages.error(request, "This document cannot be downloaded because it has been damaged in storage. "
                                "The service team has been told. Try again later")
        name, kwargs = back
        return redirect(name, **kwargs)
    return FileResponse(opened, as_attachment=True, filename=document.download_name,
                        content_type=document.media_type)
