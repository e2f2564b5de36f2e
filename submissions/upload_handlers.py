"""Stop reading an upload the moment it breaks a limit, and tell the view which one.

`UploadLimitHandler` goes first in FILE_UPLOAD_HANDLERS. A file that grows past
DHRQA_MAX_UPLOAD_BYTES, or a file beyond FILES_PER_REQUEST, ends the parsing
of the body there (StopUpload): nothing of that file reaches a view, and the
fields before it are kept, so the page can keep what was typed. The handler
leaves an `UploadRefused` on the request as `request.upload_refused`; forms
show its message next to the file field and read no file (Django has closed
any that came before).

Why the handler reads on after refusing: the browser is still sending. A
server that answers and closes while request bytes are unread makes the
kernel reset the connection, and Chromium then shows its "connection reset"
page instead of ours: under gunicorn, a 31MB file against a 16MB limit did
(tests/e2e/test_documents.py now checks that the page arrives). So the rest
of the body is read and thrown away, but never more than DRAIN_LIMITS times
the limit again: past that the connection is cut, so a client sending
gigabytes is not read to the end. With JavaScript a file over the limit is
refused before it is sent (static/js/document-upload.mjs); a proxy that
buffers whole bodies (nginx does by default) hides the problem too.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from submissions.inspection import describe_size

# Each form takes one file; the multi-file component sends one request per file.
FILES_PER_REQUEST = 1
# How much more of a refused body is read, in multiples of the limit.
DRAIN_LIMITS = 1
DRAIN_CHUNK = 64 * 1024

TOO_LARGE = "too_large"
TOO_MANY = "too_many"


@dataclass(frozen=True)
class UploadRefused:
    """Why the upload handler stopped reading a request's files."""

    reason: str
    limit: int

    def message(self, label=None):
        """The GOV.UK error for the file field; `label` names the document ("the overview report")."""
        if self.reason == TOO_MANY:
            return f"You can only upload {self.limit} file at a time"
        selected = f"The selected file for {label}" if label else "The selected file"
        return f"{selected} must be smaller than {describe_size(self.limit)}"


class UploadLimitHandler(FileUploadHandler):
    """Refuse a file as soon as it crosses the size limit, or one file too many."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.DHRQA_MAX_UPLOAD_BYTES
        self.files = 0
        self.body = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.body = input_data
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files += 1
        if self.files > FILES_PER_REQUEST:
            self._refuse(UploadRefused(TOO_MANY, FILES_PER_REQUEST))

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self._refuse(UploadRefused(TOO_LARGE, self.limit))
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self, refused):
        self.request.upload_refused = refused
        raise StopUpload(connection_reset=not self._drained())

    def _drained(self):
        """Read the rest of the body, up to DRAIN_LIMITS times the limit; True if it ended."""
        if self.body is None:
            return False
        budget = DRAIN_LIMITS * self.limit
        while budget > 0:
            chunk = self.body.read(min(DRAIN_CHUNK, budget))
            if not chunk:
                return True
            budget -= len(chunk)
        return self.body.read(1) == b""
