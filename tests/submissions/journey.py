"""A review taken through the submissions services, step by step, as the tests of its journeys need it.

Every step calls the real service, so a test that starts half-way through a
journey starts from what the service itself would have left behind.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from dhrqa.models import AuditEvent
from submissions.enums import REQUIRED_DOCUMENT_KINDS, CaseKind, IntakeCheck, PersonRole
from submissions.inspection import inspect_upload
from submissions.services.documents import add_document
from submissions.services.intake import accept_submission, return_submission
from submissions.services.recommendations import add_recommendation
from submissions.services.reviews import register_review
from submissions.services.versions import answer_issues, issues_to_answer, make_declaration, submit_submission
from tests.factories import pdf_bytes

DETAILS = {
    "review_type": "dhr",
    "death_type": "homicide",
    "relationship": "intimate_partner",
    "police_force_area": "kent",
    "date_of_death": datetime.date(2024, 3, 27),
    "date_csp_notified": datetime.date(2024, 4, 3),
    "date_decided": datetime.date(2024, 4, 24),
    "date_home_office_notified": datetime.date(2024, 4, 26),
    "independent_chair_name": "Robin Chair",
    "author_name": "",
}
DECISION_DETAILS = {
    **{name: value for name, value in DETAILS.items()
       if name not in ("review_type", "independent_chair_name", "author_name")},
    "decision_reasons": "The death did not follow abuse by a relative, partner or household member.",
}
PEOPLE = [
    {"role": PersonRole.VICTIM, "pseudonym": "Louise", "age_band": "35_44", "sex": "female", "ethnicity": "white"},
    {"role": PersonRole.PERPETRATOR, "pseudonym": "Neil", "age_band": "", "sex": "male", "ethnicity": ""},
]
RECOMMENDATION = {
    "number": "1", "text": "Agencies should share information about domestic abuse risk.", "scope": "local",
    "national_body": "", "national_body_other": "", "lead_agency": "Community Safety Partnership", "action": "",
    "target_date": None,
}
EVERY_CHECK = [check.value for check in IntakeCheck]


def register(officer, *, kind=CaseKind.REVIEW, people=None, **details):
    """A review registered by `officer` (its draft version 1 comes with it)."""
    base = DETAILS if kind == CaseKind.REVIEW else DECISION_DETAILS
    return register_review(officer=officer, kind=kind, details={**base, **details},
                           people=PEOPLE if people is None else people)


def draft_of(review):
    return review.submissions.get(status="draft")


def upload(content=None, name="report.pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content)


def add_file(submission, officer, kind, *, content=None, name=None):
    """Add a file as the service is given it by the documents page: inspected first."""
    uploaded = upload(content, name or f"{kind}.pdf")
    inspected = inspect_upload(uploaded, kind=kind, label="the document", name=uploaded.name)
    uploaded.seek(0)
    return add_document(submission=submission, kind=kind, uploaded=uploaded, inspected=inspected,
                        name=uploaded.name, added_by=officer)


def add_required_documents(submission, officer):
    return [add_file(submission, officer, kind, content=pdf_bytes(f"The {kind} of version {submission.number}"))
            for kind in REQUIRED_DOCUMENT_KINDS[submission.review.kind]]


def complete(submission, officer, *, answers="We changed the report."):
    """Everything a draft needs before it can be sent: documents, a recommendation, answers, the declaration."""
    if not submission.documents.exists():
        add_required_documents(submission, officer)
    if submission.review.is_review and not submission.recommendations.exists():
        add_recommendation(submission=submission, row=RECOMMENDATION, changed_by=officer)
    issues = list(issues_to_answer(submission))
    if issues:
        answer_issues(submission=submission, answered_by=officer,
                      answers={issue.pk: f"{answers} ({issue.position})" for issue in issues})
    return make_declaration(submission=submission, declared_by=officer)


def sent(officer, **details):
    """A new review's version 1, complete and sent to the Home Office."""
    review = register(officer, **details)
    draft = draft_of(review)
    complete(draft, officer)
    return submit_submission(submission=draft, submitted_by=officer)


def returned(officer, secretariat, reasons=("Add the terms of reference", "Use pseudonyms throughout")):
    submission = sent(officer)
    return return_submission(submission=submission, returned_by=secretariat, ticked=[], reasons=list(reasons))


def accepted(officer, secretariat):
    return accept_submission(submission=sent(officer), accepted_by=secretariat, ticked=EVERY_CHECK)


def history(review):
    """(actor, action, detail) for every audit event of the review, oldest first."""
    return [
        (event.actor, event.action, event.detail)
        for event in AuditEvent.objects.filter(review_reference=review.reference).select_related("actor").order_by("id")
    ]
