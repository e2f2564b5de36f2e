"""The whole QA journey in Chromium, as the four roles, on the real stack."""

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.signing import validate_signature
from submissions.enums import SubmissionStatus
from submissions.models import Review, Submission
from tests.factories import CSPFactory, UserFactory, docx_bytes, pdf_bytes
from tests.worker import running_worker

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ISSUES = [
    "Please set out the terms of reference near the front of the report;",
    "The equality and diversity section should consider the victim's disability.",
]
RESPONSE = "The Home Office will share this recommendation with the Department of Health and Social Care."
RECOMMENDATION = "The Department of Health and Social Care should issue guidance on routine enquiry."


@pytest.fixture
def people():
    csp = CSPFactory(name="Northshire Community Safety Partnership", code="north", area_name="Northshire",
                     contact_name="Jordan Lee", contact_salutation="Jordan Lee")
    return {
        "officer": UserFactory(csp_officer=True, csp=csp, full_name="Olive Officer"),
        "other_officer": UserFactory(csp_officer=True, full_name="Oscar Elsewhere"),
        "secretariat": UserFactory(secretariat=True, full_name="Sasha Secretariat"),
        "chair": UserFactory(chair=True, full_name="Charlie Chair",
                             letter_titles="Chair of the Home Office DHR Quality Assurance Panel"),
    }


@pytest.fixture
def report_files(tmp_path):
    files = {
        "overview.pdf": pdf_bytes("Overview report"),
        "summary.docx": docx_bytes("Executive summary"),
        "plan.pdf": pdf_bytes("Action plan"),
        "fake.pdf": b"This is a plain text file that claims to be a PDF.\n",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


def test_qa_journey_from_upload_to_issued_signed_letter(pages, people, report_files, tmp_path):
    call_command("create_signing_certificate")

    # 1. The CSP officer registers a review and builds its first version through the task list.
    officer = pages.sign_in(people["officer"])
    officer.get_by_role("link", name="Register a review").first.click()
    pages.check(officer)
    officer.get_by_label("A Domestic Homicide Review").check()
    officer.get_by_role("button", name="Continue").click()
    pages.check(officer)
    _fill_details(officer)
    officer.get_by_role("button", name="Save and continue").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("has been registered")
    pages.check(officer)
    review = Review.objects.get()
    assert (review.csp, review.victim_pseudonym, review.perpetrator_pseudonym) == (
        people["officer"].csp, "Louise", "Neil")

    officer.get_by_role("link", name="Documents").click()
    pages.check(officer)
    _upload(officer, "Overview report", report_files / "fake.pdf",
            answer="The selected file for the overview report must be a PDF, Word document (DOCX) "
                   "or OpenDocument text (ODT)")
    pages.check(officer)
    assert review.submissions.get().documents.count() == 0
    _upload(officer, "Overview report", report_files / "overview.pdf",
            answer="overview.pdf has been added as the overview report")
    _upload(officer, "Executive summary", report_files / "summary.docx",
            answer="summary.docx has been added as the executive summary")
    _upload(officer, "Action plan", report_files / "plan.pdf", answer="plan.pdf has been added as the action plan")
    expect(officer.locator("#app-documents tbody tr")).to_have_count(3)
    pages.check(officer)
    assert review.submissions.get().documents.count() == 3
    officer.get_by_role("link", name="Return to the task list").click()

    officer.get_by_role("link", name="Recommendations").click()
    pages.check(officer)
    officer.get_by_role("button", name="Add a recommendation").click()
    pages.check(officer)
    officer.get_by_label("Number").fill("4")
    officer.get_by_label("Recommendation", exact=True).fill(RECOMMENDATION)
    officer.get_by_label("National", exact=True).check()
    officer.get_by_label("Department of Health and Social Care (DHSC)").check()
    officer.get_by_role("button", name="Save recommendation").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("Recommendation 4 has been added")
    pages.check(officer)
    officer.get_by_role("link", name="Return to the task list").click()

    officer.get_by_role("link", name="Declaration").click()
    pages.check(officer)
    officer.get_by_label("I confirm").check()
    officer.get_by_role("button", name="Make the declaration").click()
    pages.check(officer)
    officer.get_by_role("link", name="Check and send").click()
    pages.check(officer)
    officer.get_by_role("button", name="Send to the Home Office").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("has been sent to the Home Office")
    expect(officer.locator(".govuk-tag", has_text="With the Panel").first).to_be_visible()
    pages.check(officer)
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED

    # 2. The secretariat checks the submission against the checklist and accepts it.
    secretariat = pages.sign_in(people["secretariat"])
    secretariat.get_by_role("link", name=review.reference).click()
    pages.check(secretariat)
    secretariat.get_by_role("button", name="Check this version").click()
    pages.check(secretariat)
    for label in ("The required documents are present", "The action plan is present and readable",
                  "The documents use pseudonyms, not real names", "The CSP has made the declaration"):
        secretariat.get_by_label(label).check()
    secretariat.get_by_label("Accept it for a Panel meeting").check()
    secretariat.get_by_role("button", name="Save decision").click()
    expect(secretariat.locator(".govuk-notification-banner--success")).to_contain_text("has been accepted")
    pages.check(secretariat)

    # 3. The secretariat plans a meeting for today, puts the submission on its agenda and releases the papers.
    # Today: the live server keeps the real date, and attendance is recorded on the meeting's day.
    today = timezone.localdate()
    secretariat.get_by_role("link", name="Meetings").click()
    pages.check(secretariat)
    secretariat.get_by_role("button", name="Plan a meeting").click()
    pages.check(secretariat)
    secretariat.get_by_label("Day").fill(str(today.day))
    secretariat.get_by_label("Month").fill(str(today.month))
    secretariat.get_by_label("Year").fill(str(today.year))
    secretariat.get_by_label("Start time").fill("10am")
    secretariat.get_by_label("Capacity").fill("8")
    secretariat.get_by_label("Chair", exact=True).select_option(label="Charlie Chair")
    secretariat.get_by_role("button", name="Plan the meeting").click()
    expect(secretariat.locator(".govuk-notification-banner--success")).to_contain_text("has been planned")
    pages.check(secretariat)
    secretariat.get_by_role("button", name="Add to the agenda").click()
    pages.check(secretariat)
    secretariat.get_by_role("button", name=f"Add to agenda {review.reference}").click()
    expect(secretariat.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{review.reference} has been added to the agenda")
    pages.check(secretariat)
    secretariat.get_by_role("link", name="Back to the meeting").click()
    secretariat.get_by_role("button", name="Release the papers").click()
    pages.check(secretariat)
    secretariat.get_by_role("button", name="Release the papers").click()
    expect(secretariat.locator(".govuk-notification-banner--success")).to_contain_text("The papers have been released")
    pages.check(secretariat)

    # 4. The chair records attendance, downloads a document, records the verdict and confirms it.
    chair = pages.sign_in(people["chair"])
    chair.get_by_role("link", name="Meetings").click()
    chair.get_by_role("link", name=f"{today:%-d %B %Y}").click()
    pages.check(chair)
    chair.get_by_role("button", name="Record attendance").click()
    pages.check(chair)
    chair.get_by_role("button", name="Record attendance and start the meeting").click()
    expect(chair.locator(".govuk-notification-banner--success")).to_contain_text("Attendance has been recorded")
    pages.check(chair)
    chair.get_by_role("link", name=re.compile("Open the item.s page")).click()
    pages.check(chair)
    with chair.expect_download() as download:
        chair.get_by_role("link", name=re.compile("Download the overview report")).click()
    assert download.value.path().read_bytes() == (report_files / "overview.pdf").read_bytes()
    chair.get_by_role("button", name="Record the verdict").click()
    pages.check(chair)
    chair.get_by_label("Publish", exact=True).check()
    chair.get_by_label("Strengths or commendation (optional)").fill(
        "The Panel commends the report's focus on the victim's voice.")
    chair.locator("#id_issue-0-text").fill(ISSUES[0])
    chair.get_by_role("button", name="Add another issue").click()
    pages.check(chair)
    chair.locator("#id_issue-1-text").fill(ISSUES[1])
    expect(chair.get_by_label(re.compile("Recommendation 4: "))).to_be_checked()
    chair.locator("#id_response-0-text").fill(RESPONSE)
    chair.get_by_role("button", name="Save the pending verdict").click()
    expect(chair.locator(".govuk-notification-banner--success")).to_contain_text(
        "The verdict has been recorded. It is pending until you confirm it")
    pages.check(chair)
    chair.get_by_role("button", name="Confirm the verdict").click()
    pages.check(chair)
    chair.get_by_role("button", name="Confirm the verdict").click()
    expect(chair.locator(".govuk-notification-banner--success")).to_contain_text(
        f"The verdict on {review.reference} has been confirmed")
    pages.check(chair)

    # 5. The secretariat drafts the letter; the worker renders it and the page updates itself.
    with running_worker():
        secretariat.goto(chair.url)
        pages.check(secretariat)
        secretariat.get_by_role("button", name="Draft the letter").click()
        pages.check(secretariat)
        expect(secretariat.locator(".govuk-tag", has_text="Draft ready")).to_be_visible(timeout=60_000)
    pages.check(secretariat)
    letter_url = secretariat.url

    # 6. The secretariat sends it to the chair, who finds it among the letters to sign, reads it as it will be
    # signed, and signs it.
    secretariat.get_by_role("button", name="Send to the chair to sign").click()
    pages.check(secretariat)
    secretariat.get_by_role("button", name="Send to the chair").click()
    expect(secretariat.locator(".govuk-notification-banner--success")).to_contain_text("sent to")
    chair.get_by_role("link", name="Letters to sign").click()
    pages.check(chair)
    chair.get_by_role("link", name=review.reference).click()
    pages.check(chair)
    preview_url = chair.get_by_role("link", name="Read the letter as it will be signed (PDF)").get_attribute("href")
    preview = chair.request.get(f"{pages.base}{preview_url}").body()
    chair.get_by_role("button", name="Sign the letter").click()
    expect(chair.locator(".govuk-notification-banner--success")).to_contain_text("You have signed the letter")
    pages.check(chair)

    # 7. The secretariat downloads the signed letter and issues it; the CSP downloads it.
    secretariat.goto(letter_url)
    with secretariat.expect_download() as download:
        secretariat.get_by_role("link", name="Download the signed letter (PDF)").click()
    signed = download.value.path().read_bytes()
    secretariat.get_by_role("button", name="Issue the letter to the CSP").click()
    pages.check(secretariat)
    secretariat.get_by_role("button", name="Issue the letter").click()
    expect(secretariat.locator(".govuk-notification-banner--success")).to_contain_text("has been issued")
    pages.check(secretariat)

    officer.goto(f"{pages.base}/reviews/{review.reference}/")
    pages.check(officer)
    expect(officer.locator(".govuk-tag", has_text="Letter issued").first).to_be_visible()
    with officer.expect_download() as download:
        officer.get_by_role("link", name=re.compile("Download the QA Panel letter")).click()
    received = download.value.path().read_bytes()
    assert received == signed
    # pyHanko runs its own event loop, which cannot nest inside Playwright's.
    with ThreadPoolExecutor(max_workers=1) as thread:
        check = thread.submit(validate_signature, received, trust_cert_path=settings.DHRQA_SIGNING_CERT_PATH)
    assert check.result().ok
    (tmp_path / "letter.pdf").write_bytes(received)
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "letter.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "Dear Jordan Lee," in text
    assert "report for Northshire to the Home Office" in text
    assert f"QA Panel meeting on {today:%-d %B %Y}" in text
    assert all(issue in text for issue in ISSUES)
    assert RESPONSE in text
    assert "Charlie Chair Chair of the Home Office DHR Quality Assurance Panel" in text
    assert "DRAFT" not in text
    # What the chair read is what was signed, word for word.
    (tmp_path / "preview.pdf").write_bytes(preview)
    assert " ".join(subprocess.run(["pdftotext", str(tmp_path / "preview.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split()) == text

    # Another CSP's officer cannot reach the review or the letter.
    other = pages.sign_in(people["other_officer"])
    response = other.goto(officer.url)
    assert response.status == 404
    pages.check(other)
    letter_download = re.sub(r"/$", "/download/", letter_url)
    assert other.request.get(letter_download).status == 404

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        AuditAction.REVIEW_REGISTERED, AuditAction.DOCUMENT_ADDED, AuditAction.SUBMISSION_SUBMITTED,
        AuditAction.SUBMISSION_ACCEPTED, AuditAction.MEETING_CREATED, AuditAction.SUBMISSION_SCHEDULED,
        AuditAction.PAPERS_RELEASED, AuditAction.MEETING_HELD, AuditAction.VERDICT_RECORDED,
        AuditAction.VERDICT_CONFIRMED,
        AuditAction.LETTER_DRAFTED, AuditAction.LETTER_RENDERED, AuditAction.LETTER_SENT_FOR_SIGNING,
        AuditAction.LETTER_SIGNED,
        AuditAction.LETTER_ISSUED, AuditAction.LETTER_DOWNLOADED, AuditAction.DOCUMENT_DOWNLOADED,
    } <= actions


def _fill_details(page):
    page.locator("#id_victim-0-pseudonym").fill("Louise")
    page.locator("#id_perpetrator-0-pseudonym").fill("Neil")
    page.get_by_label("Domestic Homicide Review (DHR)").check()
    page.get_by_label("Homicide", exact=True).check()
    page.get_by_label("Intimate partner (current or former)").check()
    page.get_by_label("Police force area").select_option(label="Northumbria")
    for field, (day, month, year) in {
        "date_of_death": ("27", "3", "2024"), "date_csp_notified": ("3", "4", "2024"),
        "date_decided": ("24", "4", "2024"), "date_home_office_notified": ("26", "4", "2024"),
    }.items():
        page.locator(f"#id_{field}_0").fill(day)
        page.locator(f"#id_{field}_1").fill(month)
        page.locator(f"#id_{field}_2").fill(year)
    page.get_by_label("Independent chair's name").fill("Robin Chair")


def _upload(page, kind, path, *, answer):
    """With JavaScript, choosing a file sends it at once; its row in the list says how it went."""
    page.get_by_label(kind, exact=True).check()
    page.locator("#id_file").set_input_files(path)
    expect(page.locator(".moj-multi-file-upload__message").last).to_have_text(answer)
