"""The file names a browser sent, before Django cleans them.

Django's multipart parser drops path parts and non-printable characters from
a file's name before any view sees it, so "../report.pdf" arrives as
"report.pdf" and a name with a right-to-left override arrives without it.
Checks that refuse such names need the name as it was sent. This middleware
has every multipart request parsed by `RawNameMultiPartParser`, which keeps
the raw names in `request.upload_names`: {field name: [raw names, in order]}.

A raw name is text to check and show, never a path: Django's cleaned name
stays on the uploaded file, and storage names files by its own rules.
"""

from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList

# What Django keeps as the name of a file whose whole name it would drop
# ("..", or only invisible characters). Without it the file would vanish and
# the form would ask for a file instead of saying what is wrong with its name.
NAME_DROPPED = "unnamed"


class RawNameMultiPartParser(MultiPartParser):
    """Django's parser, recording each file's raw name under its field in `raw_names`."""

    def __init__(self, META, input_data, upload_handlers, encoding=None):
        self.raw_names = {}
        self._recorder = _RawNameRecorder(self.raw_names)
        # The recorder goes first: a later handler may stop the others seeing a file.
        super().__init__(META, input_data, [self._recorder, *upload_handlers], encoding)

    def sanitize_file_name(self, file_name):
        self._recorder.pending = file_name
        return super().sanitize_file_name(file_name) or NAME_DROPPED


class _RawNameRecorder(FileUploadHandler):
    """Pairs the raw name the parser just saw with the field that `new_file` names."""

    def __init__(self, raw_names):
        super().__init__()
        self.raw_names = raw_names
        self.pending = None

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.raw_names.setdefault(field_name, []).append(self.pending)
        self.pending = None

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


class RawUploadNamesMiddleware:
    """Parse multipart bodies with `RawNameMultiPartParser`; put the raw names on the request.

    Must come before anything that reads request.POST (CsrfViewMiddleware does).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.upload_names = {}
        # An instance attribute shadows HttpRequest.parse_file_upload for this request alone.
        request.parse_file_upload = lambda META, post_data: _parse(request, META, post_data)
        return self.get_response(request)


def _parse(request, META, post_data):
    # As HttpRequest.parse_file_upload does: handlers cannot change once parsing starts.
    request.upload_handlers = ImmutableList(
        request.upload_handlers,
        warning="You cannot alter upload handlers after the upload has been processed.",
    )
    parser = RawNameMultiPartParser(META, post_data, request.upload_handlers, request.encoding)
    request.upload_names = parser.raw_names
    return parser.parse()
