"""Stop a hostile upload before Django has written all of it to disk."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Three documents at the limit, with room for the form's other fields.
DOCUMENTS_PER_REQUEST = 3
ALLOWANCE_BYTES = 1024 * 1024


class RequestSizeLimitHandler(FileUploadHandler):
    """Abort a request whose files add up to more than a submission can hold.

    A single file over the limit still arrives whole, so the form can say
    which one is too big; only bodies no honest submission needs are cut off.
    The rest of such a body is read and thrown away, never stored, and the
    request is marked so that the view can say what happened.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.limit = settings.DHRQA_MAX_UPLOAD_BYTES * DOCUMENTS_PER_REQUEST + ALLOWANCE_BYTES

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.declared_too_large = content_length > self.limit

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.declared_too_large or self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
