"""The CSP officer's journey: submit a review, see it listed, download its documents."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from submissions.enums import DocumentKind, FileType, SubmissionStatus
from submissions.models import Document, Review, Submission
from tests.dhrqa.govuk_page import (
    body_paragraphs,
    error_messages,
    error_summary,
    heading,
    notification_banners,
    summary_links_without_target,
    table_column,
)
from tests.factories import (
    AgendaItemFactory,
    CSPFactory,
    DocumentFactory,
    ReviewFactory,
    SubmissionFactory,
    UserFactory,
    docx_bytes,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
CREATE_URL = reverse("submissions:review_create")
NOT_A_REPORT = "The selected file for the overview report must be a PDF or a Word document (DOCX)"
FORBIDDEN = "You do not have permission to see this page"


@pytest.fixture
def kent():
    return CSPFactory(code="kent", name="Kent Community Safety Partnership")


@pytest.fixture
def kent_officer(kent):
    return UserFactory(csp_officer=True, csp=kent, full_name="Olive Officer")


def review_form(**changes):
    """A complete "Submit a review" form; a change of None leaves the field out."""
    data = {
        "victim_pseudonym": "Louise",
        "perpetrator_pseudonym": "Neil",
        "date_of_death_0": "27",
        "date_of_death_1": "3",
        "date_of_death_2": "2024",
        "independent_chair_name": "Robin Chair",
        "overview_report": SimpleUploadedFile("Overview report.pdf", pdf_bytes("Overview")),
        "executive_summary": SimpleUploadedFile("Executive summary.docx", docx_bytes("Summary")),
        "action_plan": SimpleUploadedFile("Action plan.pdf", pdf_bytes("Action plan")),
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def padded_pdf(padding):
    header, rest = pdf_bytes().split(b"\n", 1)
    return header + b"\n%" + b"x" * padding + b"\n" + rest


def assert_nothing_created(new_document_files):
    assert Review.objects.count() == 0
    assert Submission.objects.count() == 0
    assert Document.objects.count() == 0
    assert new_document_files() == set()
    assert AuditEvent.objects.filter(
        action__in=[AuditAction.REVIEW_REGISTERED, AuditAction.SUBMISSION_SUBMITTED]
    ).count() == 0


def test_review_create_complete_form_registers_and_submits(client_for, kent, kent_officer, new_document_files):
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form())

    review = Review.objects.get()
    assert review.reference == f"KENT-{YEAR}-01"
    assert (review.csp, review.registered_by, review.victim_pseudonym, review.perpetrator_pseudonym,
            review.date_of_death, review.independent_chair_name) == (
        kent, kent_officer, "Louise", "Neil", datetime.date(2024, 3, 27), "Robin Chair",
    )
    submission = Submission.objects.get()
    assert (submission.review, submission.number, submission.status, submission.submitted_by) == (
        review, 1, SubmissionStatus.SUBMITTED, kent_officer,
    )
    assert sorted(
        submission.documents.values_list("kind", "original_name", "file_type", "size", "sha256")
    ) == sorted([
        (DocumentKind.OVERVIEW_REPORT, "Overview report.pdf", FileType.PDF, len(pdf_bytes("Overview")),
         hashlib.sha256(pdf_bytes("Overview")).hexdigest()),
        (DocumentKind.EXECUTIVE_SUMMARY, "Executive summary.docx", FileType.DOCX, len(docx_bytes("Summary")),
         hashlib.sha256(docx_bytes("Summary")).hexdigest()),
        (DocumentKind.ACTION_PLAN, "Action plan.pdf", FileType.PDF, len(pdf_bytes("Action plan")),
         hashlib.sha256(pdf_bytes("Action plan")).hexdigest()),
    ])
    assert len(new_document_files()) == 3
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/KENT-{YEAR}-01/"


def test_review_create_success_shows_message_on_review_page(client_for, kent_officer):
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form(), follow=True)

    assert response.redirect_chain == [(f"/reviews/KENT-{YEAR}-01/", 302)]
    assert notification_banners(response) == [f"Review KENT-{YEAR}-01 has been submitted to the Home Office"]
    assert heading(response) == f"Review KENT-{YEAR}-01"
    # Documents are ordered by their kind's code (Document.Meta.ordering).
    assert table_column(response, 1) == [
        "Action plan.pdf (PDF)", "Executive summary.docx (Word document (DOCX))", "Overview report.pdf (PDF)",
    ]


def test_review_create_success_writes_audit_events(client_for, kent_officer):
    client = client_for(kent_officer)

    client.post(CREATE_URL, review_form())

    review, submission = Review.objects.get(), Submission.objects.get()
    assert list(
        AuditEvent.objects.filter(
            action__in=[AuditAction.REVIEW_REGISTERED, AuditAction.SUBMISSION_SUBMITTED]
        ).order_by("id").values_list("actor", "action", "object_type", "object_id")
    ) == [
        (kent_officer.pk, AuditAction.REVIEW_REGISTERED, "submissions.Review", str(review.pk)),
        (kent_officer.pk, AuditAction.SUBMISSION_SUBMITTED, "submissions.Submission", str(submission.pk)),
    ]


def test_review_create_second_review_takes_next_reference(client_for, kent_officer):
    client = client_for(kent_officer)
    client.post(CREATE_URL, review_form())

    response = client.post(CREATE_URL, review_form(victim_pseudonym="Anna"))

    assert response["Location"] == f"/reviews/KENT-{YEAR}-02/"
    assert list(Review.objects.order_by("reference").values_list("reference", "victim_pseudonym")) == [
        (f"KENT-{YEAR}-01", "Louise"), (f"KENT-{YEAR}-02", "Anna"),
    ]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        pytest.param(
            lambda: SimpleUploadedFile("Overview report.pdf", b""),
            "The selected file for the overview report is empty",
            id="empty",
        ),
        pytest.param(
            lambda: SimpleUploadedFile("Overview report.pdf", b"Plain text pretending to be a PDF\n"),
            NOT_A_REPORT,
            id="text-named-pdf",
        ),
        pytest.param(
            lambda: SimpleUploadedFile("Overview report.docx", docx_bytes(
                main_type="application/vnd.ms-word.document.macroEnabled.main+xml")),
            NOT_A_REPORT,
            id="macro-enabled-docx",
        ),
        pytest.param(
            lambda: SimpleUploadedFile("Overview report.pdf", padded_pdf(1000)),
            "The selected file for the overview report must be smaller than 1000 bytes",
            id="over-limit",
        ),
    ],
)
def test_review_create_bad_overview_report_shows_error_and_creates_nothing(
    client_for, kent_officer, settings, new_document_files, upload, message
):
    # Low enough to make an oversized file cheaply; the other two documents still fit.
    settings.DHRQA_MAX_UPLOAD_BYTES = 1000
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form(overview_report=upload()))

    assert response.status_code == 200
    assert error_messages(response) == {"id_overview_report_1_error": message}
    assert error_summary(response) == [("#id_overview_report", message)]
    assert_nothing_created(new_document_files)


def test_review_create_bad_action_plan_leaves_no_other_files(client_for, kent_officer, new_document_files):
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form(action_plan=SimpleUploadedFile("Action plan.pdf", b"")))

    assert error_messages(response) == {
        "id_action_plan_1_error": "The selected file for the action plan is empty",
    }
    assert_nothing_created(new_document_files)


def test_review_create_missing_fields_named_next_to_each(client_for, kent_officer, new_document_files):
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form(
        victim_pseudonym="", date_of_death_0="", date_of_death_1="", date_of_death_2="", overview_report=None,
    ))

    assert error_messages(response) == {
        "id_victim_pseudonym_1_error": "Enter the victim's pseudonym",
        "id_date_of_death_1_error": "Enter the date of death",
        "id_overview_report_1_error": "Select the overview report",
    }
    assert error_summary(response) == [
        ("#id_victim_pseudonym", "Enter the victim's pseudonym"),
        ("#id_date_of_death_0", "Enter the date of death"),
        ("#id_overview_report", "Select the overview report"),
    ]
    assert summary_links_without_target(response) == []
    assert_nothing_created(new_document_files)


def test_review_create_every_field_missing_lists_every_message(client_for, kent_officer):
    client = client_for(kent_officer)

    # What a browser sends for a form left blank: empty text fields, no files.
    response = client.post(CREATE_URL, {
        "victim_pseudonym": "", "perpetrator_pseudonym": "", "date_of_death_0": "", "date_of_death_1": "",
        "date_of_death_2": "", "independent_chair_name": "",
    })

    assert [message for _, message in error_summary(response)] == [
        "Enter the victim's pseudonym",
        "Enter the perpetrator's pseudonym",
        "Enter the date of death",
        "Enter the independent chair's name",
        "Select the overview report",
        "Select the executive summary",
        "Select the action plan",
    ]


def test_review_create_date_of_death_in_future_refused(client_for, kent_officer, new_document_files):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form(
        date_of_death_0=str(tomorrow.day), date_of_death_1=str(tomorrow.month), date_of_death_2=str(tomorrow.year),
    ))

    assert error_messages(response) == {
        "id_date_of_death_1_error": "Date of death must be today or in the past",
    }
    assert error_summary(response) == [("#id_date_of_death_0", "Date of death must be today or in the past")]
    assert_nothing_created(new_document_files)


def test_review_create_date_of_death_today_accepted(client_for, kent_officer):
    today = timezone.localdate()
    client = client_for(kent_officer)

    client.post(CREATE_URL, review_form(
        date_of_death_0=str(today.day), date_of_death_1=str(today.month), date_of_death_2=str(today.year),
    ))

    assert Review.objects.get().date_of_death == today


def test_review_create_impossible_date_refused(client_for, kent_officer, new_document_files):
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form(date_of_death_0="31", date_of_death_1="2"))

    assert error_messages(response) == {"id_date_of_death_1_error": "Date of death must be a real date"}
    assert_nothing_created(new_document_files)


def test_review_create_impossible_date_refused_without_creating(client_for, kent_officer, new_document_files):
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form(date_of_death_0="31", date_of_death_1="2"))

    assert list(error_messages(response)) == ["id_date_of_death_1_error"]
    assert_nothing_created(new_document_files)


def test_review_create_partial_date_asks_for_whole_date(client_for, kent_officer):
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form(date_of_death_1=""))

    assert error_messages(response) == {
        "id_date_of_death_1_error": "Date of death must include a day, month and year",
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_review_create_secretariat_forbidden(client_for, secretariat, new_document_files, method):
    client = client_for(secretariat)

    response = getattr(client, method)(CREATE_URL, review_form() if method == "post" else None)

    assert response.status_code == 403
    assert heading(response) == FORBIDDEN
    assert_nothing_created(new_document_files)


def test_review_list_shows_only_own_csp_reviews(client_for, kent, kent_officer):
    first = SubmissionFactory(review__csp=kent, review__reference=f"KENT-{YEAR}-01").review
    second = SubmissionFactory(review__csp=kent, review__reference=f"KENT-{YEAR}-02").review
    SubmissionFactory(review__csp=CSPFactory(code="surrey"), review__reference=f"SURREY-{YEAR}-01")
    client = client_for(kent_officer)

    response = client.get(reverse("submissions:review_list"))

    assert heading(response) == "Kent Community Safety Partnership: reviews"
    assert table_column(response, 0) == [second.reference, first.reference]


def test_review_list_status_is_latest_submission(client_for, kent, kent_officer):
    review = ReviewFactory(csp=kent)
    SubmissionFactory(review=review, number=1, status=SubmissionStatus.DECIDED, documents=False)
    SubmissionFactory(review=review, number=2, status=SubmissionStatus.SUBMITTED, documents=False)
    client = client_for(kent_officer)

    response = client.get(reverse("submissions:review_list"))

    assert table_column(response, 3) == ["Submitted"]


def test_review_list_with_no_reviews_says_so(client_for, kent_officer):
    SubmissionFactory()
    client = client_for(kent_officer)

    response = client.get(reverse("submissions:review_list"))

    assert table_column(response, 0) == []
    assert body_paragraphs(response) == ["You have not sent any reviews yet."]


def download(client, document):
    response = client.get(reverse("submissions:document_download", kwargs={"pk": document.pk}))
    # Reading a streamed response to the end closes it (and its file); closing it
    # again by hand would fire request_finished and close the test's connection.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def downloads_recorded():
    return list(
        AuditEvent.objects.filter(action=AuditAction.DOCUMENT_DOWNLOADED)
        .values_list("actor", "object_type", "object_id", "detail")
    )


def test_document_download_own_csp_gives_exact_file(client_for, kent, kent_officer):
    document = DocumentFactory(
        submission__review__csp=kent, submission__review__reference=f"KENT-{YEAR}-01",
        kind=DocumentKind.EXECUTIVE_SUMMARY,
        file=SimpleUploadedFile("summary.docx", docx_bytes("Exact")), file_type=FileType.DOCX,
    )
    client = client_for(kent_officer)

    response, body = download(client, document)

    assert response.status_code == 200
    assert body == docx_bytes("Exact")
    assert response["Content-Disposition"] == f'attachment; filename="KENT-{YEAR}-01-executive-summary-v1.docx"'
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_document_download_own_csp_writes_audit_event(client_for, kent, kent_officer):
    document = DocumentFactory(submission__review__csp=kent, submission__review__reference=f"KENT-{YEAR}-01")
    client = client_for(kent_officer)

    download(client, document)

    assert downloads_recorded() == [(
        kent_officer.pk, "submissions.Document", str(document.pk),
        {"kind": "overview_report", "review": f"KENT-{YEAR}-01"},
    )]


def test_document_download_other_csp_not_found_and_not_recorded(client_for, kent_officer):
    document = DocumentFactory(submission__review__csp=CSPFactory(code="surrey"))
    client = client_for(kent_officer)

    response, _ = download(client, document)

    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert downloads_recorded() == []


def test_document_download_unknown_document_not_found(client_for, kent_officer):
    client = client_for(kent_officer)

    response = client.get(reverse("submissions:document_download", kwargs={"pk": 999_999}))

    assert response.status_code == 404
    assert downloads_recorded() == []


@pytest.mark.parametrize("role", ["secretariat", "panel_member", "chair"])
def test_document_download_home_office_roles_allowed(request, client_for, role):
    user = request.getfixturevalue(role)
    document = DocumentFactory()
    client = client_for(user)

    response, body = download(client, document)

    assert (response.status_code, body) == (200, pdf_bytes())
    assert downloads_recorded() == [(
        user.pk, "submissions.Document", str(document.pk),
        {"kind": "overview_report", "review": document.submission.review.reference},
    )]


def test_submission_list_oldest_first_across_csps(client_for, secretariat):
    now = timezone.now()
    newer = SubmissionFactory(submitted_at=now, documents=False)
    older = SubmissionFactory(submitted_at=now - datetime.timedelta(days=1), documents=False)
    client = client_for(secretariat)

    response = client.get(reverse("submissions:submission_list"))

    assert table_column(response, 0) == [older.review.reference, newer.review.reference]
    assert table_column(response, 1) == [older.review.csp.name, newer.review.csp.name]


def test_review_create_request_beyond_three_documents_is_discarded(
    client_for, kent_officer, settings, new_document_files
):
    # Three documents at the limit plus 1 MiB is the most a request may carry.
    settings.DHRQA_MAX_UPLOAD_BYTES = 1000
    client = client_for(kent_officer)

    response = client.post(CREATE_URL, review_form(
        overview_report=SimpleUploadedFile("huge.pdf", padded_pdf(1024 * 1024 + 10_000)),
    ))

    message = "The selected files must each be smaller than 1000 bytes"
    assert response.status_code == 200
    assert error_summary(response) == [("#id_victim_pseudonym", message)]
    assert_nothing_created(new_document_files)


def test_review_detail_names_the_meeting_and_links_it_for_the_home_office(client_for, secretariat):
    item = AgendaItemFactory()
    review = item.submission.review
    officer = UserFactory(csp_officer=True, csp=review.csp)
    url = reverse("submissions:review_detail", kwargs={"reference": review.reference})
    sentence = "On the agenda of the QA Panel meeting of 9 December 2026."
    agenda_link = f'href="{reverse("panel:agenda_item_detail", kwargs={"pk": item.pk})}"'

    as_secretariat = client_for(secretariat).get(url)
    as_officer = client_for(officer).get(url)

    assert sentence in body_paragraphs(as_secretariat)
    assert sentence in body_paragraphs(as_officer)
    assert (agenda_link in as_secretariat.text, agenda_link in as_officer.text) == (True, False)
