"""The public "Check a letter" page: anyone, signed in or not, uploads a PDF and hears whether the Panel signed it.

Nothing uploaded is kept. The file is read into memory (Django holds a large
one in a temporary file, deleted as soon as it is read) and handed to
panel.verification; only the audit event LETTER_CHECKED stays, with the
answer. A file over MAX_LETTER_BYTES is refused once that many bytes have
arrived, without reading it whole.

Reading a file's signatures is costly, so one caller (by address) may ask
for DHRQA_CHECK_LETTER_LIMIT checks in DHRQA_CHECK_LETTER_WINDOW_SECONDS;
more are answered 429 before the file is read. When every child reading
PDFs is busy, the answer is 503: try again in a moment.
"""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from dhrqa import throttle
from panel import verification
from panel.forms.check_letter import LetterCheckForm
from submissions.upload_handlers import TOO_LARGE, UploadLimitHandler

logger = logging.getLogger(__name__)

TOO_MANY = "You have checked a lot of letters in a short time. Wait {minutes} minutes, then try again"
BUSY = "Many letters are being checked at the moment. Wait a minute, then try again"


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
    if request.method == "POST" and not throttle.allowed(
            request, name="check_letter", limit=settings.DHRQA_CHECK_LETTER_LIMIT,
            window_seconds=settings.DHRQA_CHECK_LETTER_WINDOW_SECONDS):
        # Answered before the body is read; nothing was checked, so nothing is recorded.
        logger.warning("Letter checks from %s over the limit", throttle.client_address(request))
        minutes = max(1, settings.DHRQA_CHECK_LETTER_WINDOW_SECONDS // 60)
        return _refused(request, TOO_MANY.format(minutes=minutes), status=429,
                        retry_after=settings.DHRQA_CHECK_LETTER_WINDOW_SECONDS)
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
            try:
                result = verification.check_letter(data=_read_and_discard(form.cleaned_data["letter"]),
                                                   checked_by=request.user)
            except verification.CheckerBusy:
                logger.warning("Letter check refused: every reader is busy")
                return _refused(request, BUSY, status=503, retry_after=60)
            form = LetterCheckForm()
    else:
        form = LetterCheckForm()
    return render(request, "panel/check_letter.html", {"form": form, "result": result})


def _refused(request, message, *, status, retry_after):
    form = LetterCheckForm({}, {}, problem=message)
    form.is_valid()
    response = render(request, "panel/check_letter.html", {"form": form, "result": None}, status=status)
    response["Retry-After"] = str(retry_after)
    return response


def _read_and_discard(uploaded):
    with uploaded:  # closing a temporary upload deletes its file
        return uploaded.read()
