"""The public "Check a letter" page: anyone, signed in or not, uploads a PDF and hears whether the Panel signed it.

Nothing uploaded is kept. The file is read into memory (Django holds a large
one in a temporary file, deleted as soon as it is read) and handed to
panel.verification; only the audit event LETTER_CHECKED stays, with the
answer. A file over MAX_LETTER_BYTES is refused once that many bytes have
arrived, without reading it whole.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from panel import verification
from panel.forms.check_letter import LetterCheckForm
from submissions.upload_handlers import TOO_LARGE, UploadLimitHandler


class LetterUploadLimit(UploadLimitHandler):
    """The project's upload limit handler, at the size of the largest letter we would check."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = verification.MAX_LETTER_BYTES


@login_not_required
@never_cache
@csrf_exempt
def check_letter(request):
    # Upload handlers can be changed only before the body is read, and
    # CsrfViewMiddleware reads it for a POST; so the CSRF check is made by
    # `_check_letter`, after this, as Django's documentation has it.
    request.upload_handlers = [
        LetterUploadLimit(request),
        MemoryFileUploadHandler(request),
        TemporaryFileUploadHandler(request),
    ]
    return _check_letter(request)


@csrf_protect
def _check_letter(request):
    result = None
    if request.method == "POST":
        data, files = request.POST, request.FILES  # reading the body sets upload_refused, if it does
        refused = getattr(request, "upload_refused", None)
        form = LetterCheckForm(data, files, refused=refused)
        if refused is not None and refused.reason == TOO_LARGE:
            verification.refuse_check(reason=verification.Reason.TOO_LARGE, checked_by=request.user)
        if form.is_valid():
            result = verification.check_letter(data=_read_and_discard(form.cleaned_data["letter"]),
                                               checked_by=request.user)
            form = LetterCheckForm()
    else:
        form = LetterCheckForm()
    return render(request, "panel/check_letter.html", {"form": form, "result": result})


def _read_and_discard(uploaded):
    with uploaded:  # closing a temporary upload deletes its file
        return uploaded.read()
