from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from submissions.enums import SubmissionStatus
from tests.factories import SubmissionFactory
from tests.mfa import sign_in


def _document_files():
    folder = Path(settings.PRIVATE_STORAGE_ROOT) / "documents"
    if not folder.exists():
        return set()
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def new_document_files():
    """A function giving the files added under PRIVATE_STORAGE_ROOT/documents since the test began.

    The folder is shared by the whole test session, so a test compares with
    what was there when it started rather than expecting an empty folder.
    """
    before = _document_files()
    return lambda: _document_files() - before


@pytest.fixture
def draft(db):
    """A draft version of a review, with no documents yet."""
    return SubmissionFactory(status=SubmissionStatus.DRAFT, documents=False)


@pytest.fixture
def documents_url(draft):
    return f"/reviews/{draft.review.reference}/v{draft.number}/documents/"


@pytest.fixture
def officer(draft):
    """A client signed in as the officer who prepares the draft, checking CSRF tokens as for a browser."""
    client = Client(enforce_csrf_checks=True)
    sign_in(client, draft.review.registered_by)
    return client


@pytest.fixture
def upload_temp_dir(settings, tmp_path):
    """The folder Django streams large uploads to, for this test alone."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path
