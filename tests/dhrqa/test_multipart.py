"""RawUploadNamesMiddleware: the file names a browser sent, next to the names Django cleaned."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from dhrqa.multipart import NAME_DROPPED, RawUploadNamesMiddleware
from tests.multipart_bodies import multipart_body


def parsed(fields=(), files=()):
    """(request.upload_names, {field: [cleaned names]}, POST as a dict) for a hand-built body."""
    body, content_type = multipart_body(fields, files)
    request = RequestFactory().post("/", data=body, content_type=content_type)
    seen = {}

    def view(request):
        seen["files"] = {field: [file.name for file in request.FILES.getlist(field)] for field in request.FILES}
        seen["post"] = request.POST.dict()
        return HttpResponse()

    RawUploadNamesMiddleware(view)(request)
    return request.upload_names, seen["files"], seen["post"]


def test_upload_names_path_kept_raw_while_django_keeps_basename():
    raw, cleaned, _ = parsed(files=[("file", "../../etc/report.pdf", b"%PDF-")])

    assert (raw, cleaned) == ({"file": ["../../etc/report.pdf"]}, {"file": ["report.pdf"]})


@pytest.mark.parametrize("name", [
    "reports\\report.pdf", "report\u202efdp.pdf", "re\u200bport.pdf", "report\x00.pdf", "CON.pdf", "report.pdf.",
    "a" * 296 + ".pdf",
])
def test_upload_names_hostile_name_recorded_as_sent(name):
    raw, _, _ = parsed(files=[("file", name, b"%PDF-")])

    assert raw == {"file": [name]}


def test_upload_names_several_fields_in_order_beside_typed_fields(settings):
    # Django's own handlers: the project's refuses a second file.
    settings.FILE_UPLOAD_HANDLERS = [
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]

    raw, cleaned, post = parsed(
        fields=[("kind", "other")],
        files=[("file", "one.pdf", b"1"), ("attachment", "x/two.pdf", b"2"), ("file", "three.pdf", b"3")],
    )

    assert raw == {"file": ["one.pdf", "three.pdf"], "attachment": ["x/two.pdf"]}
    assert cleaned == {"file": ["one.pdf", "three.pdf"], "attachment": ["two.pdf"]}
    assert post == {"kind": "other"}


@pytest.mark.parametrize("name", ["..", "../", "\u202e\u200b"])
def test_upload_names_name_django_would_drop_keeps_file(name):
    raw, cleaned, _ = parsed(files=[("file", name, b"%PDF-")])

    assert (raw, cleaned) == ({"file": [name]}, {"file": [NAME_DROPPED]})


def test_upload_names_html_entities_kept_undecoded():
    raw, cleaned, _ = parsed(files=[("file", "report&#47;..&#47;x.pdf", b"%PDF-")])

    assert (raw, cleaned) == ({"file": ["report&#47;..&#47;x.pdf"]}, {"file": ["x.pdf"]})


def test_upload_names_empty_file_input_records_nothing():
    raw, cleaned, _ = parsed(fields=[("kind", "other")], files=[("file", "", b"")])

    assert (raw, cleaned) == ({}, {})


def test_upload_names_empty_without_multipart_body():
    request = RequestFactory().post("/", data={"kind": "other"})

    RawUploadNamesMiddleware(lambda request: HttpResponse(request.POST["kind"]))(request)

    assert request.upload_names == {}
