from pathlib import Path

import pytest
from django.conf import settings


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
