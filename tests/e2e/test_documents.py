"""The documents page in Chromium: several files at once with JavaScript, one at a time without."""

import pytest
from django.db import connections
from playwright.sync_api import expect

from submissions.enums import SubmissionStatus
from submissions.models import Document, StoredFile
from tests.e2e.conftest import Pages
from tests.factories import SubmissionFactory
from tests.gunicorn import running_gunicorn
from tests.submissions.sample_documents import hand_made_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MIB = 1024 * 1024
NOT_A_DOCUMENT = ("The selected file for the document must be a PDF, Word document (DOCX), "
                  "OpenDocument text (ODT) or Excel spreadsheet (XLSX)")


@pytest.fixture
def draft():
    return SubmissionFactory(status=SubmissionStatus.DRAFT, documents=False)


@pytest.fixture
def files(tmp_path):
    """Writes files for the browser to choose; returns their paths."""

    def write(contents):
        paths = []
        for name, content in contents.items():
            path = tmp_path / name
            path.write_bytes(content)
            paths.append(path)
        return paths

    return write


def open_documents(pages, draft, *, javascript=True):
    page = pages.sign_in(draft.review.registered_by, javascript=javascript)
    page.goto(f"{pages.base}/reviews/{draft.review.reference}/v{draft.number}/documents/")
    pages.check(page)
    return page


def rows(page):
    return page.locator(".moj-multi-file-upload__row .moj-multi-file-upload__message")


def test_documents_several_files_upload_one_by_one_each_answered(pages, draft, files):
    chosen = files({
        "one.pdf": hand_made_pdf("One"), "fake.pdf": b"Plain text, not a PDF.\n", "two.pdf": hand_made_pdf("Two"),
    })
    page = open_documents(pages, draft)

    page.get_by_label("Other document").check()
    page.locator("#id_file").set_input_files(chosen)

    expect(rows(page)).to_have_text([
        "one.pdf has been added as the other document",
        NOT_A_DOCUMENT,
        "two.pdf has been added as the other document",
    ])
    expect(page.locator("#app-documents tbody tr")).to_have_count(2)
    expect(page.get_by_role("status")).to_have_text("two.pdf has been added as the other document")
    pages.check(page)
    # One request after another: the documents were added in the order chosen.
    assert list(Document.objects.order_by("id").values_list("original_name", flat=True)) == ["one.pdf", "two.pdf"]
    assert StoredFile.objects.count() == 2


def test_documents_file_over_limit_refused_before_sending(pages, draft, files, settings):
    settings.DHRQA_MAX_UPLOAD_BYTES = MIB
    chosen = files({"big.pdf": hand_made_pdf(padding=MIB), "small.pdf": hand_made_pdf()})
    page = open_documents(pages, draft)
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)

    page.get_by_label("Chronology").check()
    page.locator("#id_file").set_input_files(chosen)

    expect(rows(page)).to_have_text([
        "The selected file for the chronology must be smaller than 1MB",
        "small.pdf has been added as the chronology",
    ])
    pages.check(page)
    assert (len(sent), list(Document.objects.values_list("original_name", flat=True))) == (1, ["small.pdf"])


def test_documents_files_without_kind_refused_with_page_message(pages, draft, files):
    page = open_documents(pages, draft)

    page.locator("#id_file").set_input_files(files({"report.pdf": hand_made_pdf()}))

    expect(rows(page)).to_have_text(["Select what kind of document it is"])
    pages.check(page)
    assert Document.objects.count() == 0


def test_documents_without_javascript_one_file_with_errors_then_added(pages, draft, files):
    fake, report = files({"fake.pdf": b"Plain text, not a PDF.\n", "report.pdf": hand_made_pdf()})
    page = open_documents(pages, draft, javascript=False)
    expect(page.locator("#id_file")).not_to_have_attribute("multiple", "")

    page.get_by_label("Overview report").check()
    page.get_by_label("Upload a file").set_input_files(fake)
    page.get_by_role("button", name="Add document").click()
    pages.check(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The selected file for the overview report must be a PDF, Word document (DOCX) or OpenDocument text (ODT)")
    expect(page.get_by_label("Overview report")).to_be_checked()

    page.get_by_label("Upload a file").set_input_files(report)
    page.get_by_role("button", name="Add document").click()
    pages.check(page)
    expect(page.locator(".govuk-notification-banner--success")).to_have_text(
        "Success report.pdf has been added as the overview report")
    expect(page.locator("#app-documents tbody tr")).to_have_count(1)
    assert list(Document.objects.values_list("kind", "original_name")) == [("overview_report", "report.pdf")]


@pytest.fixture
def gunicorn_pages(browser, password):
    """Pages served by gunicorn with a 16MB limit: large enough that socket buffers cannot hide unread bytes."""
    with running_gunicorn({"DHRQA_MAX_UPLOAD_BYTES": str(16 * MIB)}) as server:
        pages = Pages(browser, server, password)
        yield pages
        pages.close()
    connections.close_all()


def test_documents_over_limit_under_gunicorn_shows_the_page_with_the_error(gunicorn_pages, draft, files):
    # Nearly twice the limit: the server stops parsing at 16MB and reads the rest away,
    # so Chromium gets the page rather than "connection reset".
    big, = files({"big.pdf": hand_made_pdf(padding=31 * MIB)})
    page = open_documents(gunicorn_pages, draft, javascript=False)

    page.get_by_label("Executive summary").check()
    page.get_by_label("Upload a file").set_input_files(big)
    page.get_by_role("button", name="Add document").click()

    gunicorn_pages.check(page)
    message = "The selected file for the executive summary must be smaller than 16MB"
    expect(page.locator("#div_id_file .govuk-error-message")).to_have_text(f"Error: {message}")
    expect(page.locator(".govuk-error-summary__list")).to_have_text(message)
    expect(page.get_by_label("Executive summary")).to_be_checked()
    assert (Document.objects.count(), StoredFile.objects.count()) == (0, 0)
