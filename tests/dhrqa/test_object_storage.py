"""Private files in S3-compatible object storage (moto's server on 127.0.0.1): private, encrypted, no URLs, swept."""

import datetime
import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from dhrqa import clock
from dhrqa.storage import ORPHAN_AGE, grace, private_storage, removed_on_failure, sweep_orphaned_files
from panel.models import Letter
from submissions.models import StoredFile
from tests.factories import DocumentFactory
from tests.s3 import PREFIX
from tests.submissions.test_uploads_sweep import signed_letter

pytestmark = pytest.mark.django_db


def local_files():
    """Files under the temp folder's private storage: with object storage in use, no new ones."""
    root = settings.PRIVATE_STORAGE_ROOT
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def test_object_storage_keeps_a_file_private_and_encrypted_in_the_bucket(object_storage):
    before = local_files()

    name = private_storage().save(f"letters/{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.7 letter"))

    assert object_storage.keys() == [f"{PREFIX}/{name}"]
    assert object_storage.read(name) == b"%PDF-1.7 letter"
    assert object_storage.head(name)["ServerSideEncryption"] == "AES256"
    assert object_storage.grants(name) == [("CanonicalUser", "FULL_CONTROL")]
    assert local_files() == before


def test_object_storage_gives_no_url(object_storage):
    name = private_storage().save("letters/a.pdf", ContentFile(b"%PDF-1.7"))

    with pytest.raises(NotImplementedError) as refused:
        private_storage().url(name)

    assert str(refused.value) == "Private files have no URL: they are sent through permission-checked views"


def test_object_storage_name_taken_gets_another_rather_than_overwriting(object_storage):
    first = private_storage().save("letters/same.pdf", ContentFile(b"first"))

    second = private_storage().save("letters/same.pdf", ContentFile(b"second"))

    assert first == "letters/same.pdf"
    assert second != first
    assert (object_storage.read(first), object_storage.read(second)) == (b"first", b"second")


def test_object_storage_sweep_removes_old_orphans_and_keeps_what_rows_name(object_storage):
    document = DocumentFactory()
    letter = signed_letter()
    orphan = private_storage().save(f"documents/{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.4 orphan"))
    # The verdict's submission brings documents of its own.
    kept = sorted(f"{PREFIX}/{name}" for name in [
        *StoredFile.objects.values_list("file", flat=True), letter.draft_pdf.name, letter.signed_pdf.name])

    with clock.at(clock.now() + ORPHAN_AGE - datetime.timedelta(minutes=5)):
        young = sweep_orphaned_files()
    with clock.at(clock.now() + ORPHAN_AGE + datetime.timedelta(minutes=5)):
        recorded = sweep_orphaned_files()
    # An orphan found is recorded, and deleted once the grace is over: a backup may be copying it.
    with clock.at(clock.now() + ORPHAN_AGE + grace() + datetime.timedelta(minutes=10)):
        old = sweep_orphaned_files()

    assert f"{PREFIX}/{document.stored_file.file.name}" in kept
    assert (young, recorded, old) == ([], [], [orphan])
    assert object_storage.keys() == kept


def test_object_storage_file_written_in_a_block_that_fails_is_deleted(object_storage):
    letter = Letter(pk=1)

    with pytest.raises(RuntimeError), removed_on_failure(letter.signed_pdf):
        letter.signed_pdf.save("signed.pdf", ContentFile(b"%PDF-1.7 signed"), save=False)
        raise RuntimeError("the row could not be saved")

    assert letter.signed_pdf.name.startswith("letters/")
    assert object_storage.keys() == []


def test_object_storage_chosen_by_environment_in_production_settings():
    # Nothing of this machine's environment but PATH: only these variables choose the storage.
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "dhrqa.settings", "DATABASE_URL": "sqlite://:memory:",
           "DJANGO_SECRET_KEY": "test-only-not-secret",
           "DHRQA_S3_BUCKET": "dhrqa-files", "DHRQA_S3_ENDPOINT_URL": "https://objects.example.gov.uk",
           "DHRQA_S3_KMS_KEY_ID": "alias/dhrqa", "DHRQA_S3_ACL": ""}
    printed = subprocess.run(
        [sys.executable, "-c", "import json, django; from django.conf import settings; django.setup(); "
                               "print(json.dumps(settings.STORAGES['private']))"],
        env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True,
    ).stdout

    assert json.loads(printed) == {
        "BACKEND": "dhrqa.object_storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "dhrqa-files", "location": "private", "region_name": "eu-west-2",
            "endpoint_url": "https://objects.example.gov.uk", "addressing_style": None, "default_acl": None,
            "object_parameters": {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/dhrqa"},
        },
    }


def test_object_storage_with_an_empty_prefix_refuses_to_start():
    # The hourly sweep would otherwise list the whole bucket and delete what no record names.
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "dhrqa.settings", "DATABASE_URL": "sqlite://:memory:",
           "DJANGO_SECRET_KEY": "test-only-not-secret", "DHRQA_S3_BUCKET": "dhrqa-files", "DHRQA_S3_PREFIX": "/"}
    started = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                             env=env, cwd=settings.BASE_DIR, capture_output=True, text=True)

    assert started.returncode == 1
    assert started.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DHRQA_S3_PREFIX is empty: give the service a prefix of its "
        "own in the bucket, e.g. private")
