"""The documents task: uploading, replacing and removing a draft's files through the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dhrqa.celery import app as celery_app
from submissions.models import Document, StoredFile
from tests.dhrqa.govuk_page import (
    error_messages,
    error_summary,
    heading,
    notification_banners,
    summary_links_without_target,
    table_column,
)
from tests.factories import UserFactory, pdf_bytes
from tests.mfa import sign_in
from tests.submissions.journey import add_file, draft_of, register, sent
from tests.submissions.posted import version_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_tasks_left_behind():
    yield
    celery_app.control.purge()


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


@pytest.fixture
def draft(officer):
    return draft_of(register(officer))


@pytest.fixture
def browser(client, officer):
    sign_in(client, officer)
    return client


def pdf(name="Overview report.pdf", content=None):
    return SimpleUploadedFile(name, pdf_bytes("An overview report") if content is None else content)


def test_documents_upload_adds_document(browser, draft, new_document_files):
    response = browser.post(version_url("documents", draft), {"kind": "overview_report", "file": pdf()},
                            follow=True)

    assert response.redirect_chain == [(version_url("documents", draft), 302)]
    assert notification_banners(response) == ["Overview report.pdf has been added as the overview report"]
    document = Document.objects.get()
    assert (document.submission, document.kind, document.original_name) == (
        draft, "overview_report", "Overview report.pdf")
    assert len(new_document_files()) == 1
    pages = document.stored_file.page_count
    assert (table_column(response, 0), table_column(response, 1)) == (
        ["Overview report"], [f"Overview report.pdf PDF{f', {pages} page' if pages else ''}"])


def test_documents_upload_same_kind_replaces_it(browser, draft, officer, django_capture_on_commit_callbacks):
    add_file(draft, officer, "overview_report", name="first.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        browser.post(version_url("documents", draft), {"kind": "overview_report", "file": pdf("second.pdf")})

    assert list(Document.objects.values_list("original_name", flat=True)) == ["second.pdf"]
    assert StoredFile.objects.count() == 1


@pytest.mark.parametrize(("data", "errors"), [
    ({}, [("#id_kind_1", "Select what kind of document it is"), ("#id_file", "Select a file to upload")]),
    ({"kind": "decision"}, [("#id_kind_1", "Select what kind of document it is"),
                            ("#id_file", "Select a file to upload")]),
    ({"kind": "overview_report", "file": "empty"}, [("#id_file", "The selected file is empty")]),
    ({"kind": "x" * 5000, "file": "pdf"}, [("#id_kind_1", "Select what kind of document it is")]),
])
def test_documents_upload_missing_or_wrong_refused_with_messages(browser, draft, new_document_files, data, errors):
    files = {"empty": SimpleUploadedFile("empty.pdf", b""), "pdf": pdf()}
    data = {name: files.get(value, value) for name, value in data.items()}

    response = browser.post(version_url("documents", draft), data)

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert sorted(error_messages(response).values()) == sorted(message for _, message in errors)
    assert summary_links_without_target(response) == []
    assert (Document.objects.count(), new_document_files()) == (0, set())


def test_document_remove_asks_then_removes(browser, draft, officer, django_capture_on_commit_callbacks):
    document = add_file(draft, officer, "executive_summary", name="Summary.pdf")
    url = version_url("document_remove", draft, pk=document.pk)

    question = heading(browser.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url, follow=True)

    assert question == "Are you sure you want to remove Summary.pdf?"
    assert response.redirect_chain == [(version_url("documents", draft), 302)]
    assert notification_banners(response) == ["Summary.pdf has been removed"]
    assert (Document.objects.count(), StoredFile.objects.count()) == (0, 0)


def test_documents_of_a_sent_version_send_the_officer_back(browser, officer, new_document_files):
    submission = sent(officer)
    files = new_document_files()

    response = browser.post(version_url("documents", submission), {"kind": "chronology", "file": pdf()},
                            follow=True)

    assert response.redirect_chain == [(version_url("version_detail", submission), 302)]
    assert notification_banners(response) == ["This version has been sent and can no longer be changed"]
    assert (submission.documents.count(), new_document_files()) == (3, files)


def test_documents_another_csps_draft_not_found(client, draft):
    sign_in(client, UserFactory(csp_officer=True))

    assert client.get(version_url("documents", draft)).status_code == 404


def test_documents_of_a_sent_version_answer_the_upload_component_in_json(browser, officer):
    submission = sent(officer)

    response = browser.post(version_url("documents", submission), {"kind": "chronology", "file": pdf()},
                            headers={"Accept": "application/json"})

    assert (response.status_code, response.json()) == (
        409, {"error": {"message": "This version has been sent and can no longer be changed"}})
    assert submission.documents.count() == 3
