"""The verdict the panel tests share, and how they read PDFs and the audit trail back."""

import datetime
import re
import subprocess

from dhrqa.models import AuditEvent
from panel.services.verdicts import ResponseDraft
from submissions.enums import NationalBody, RecommendationScope

# In the years of adequate / inadequate verdicts, whose letter the 2014 Kent letter shows.
MEETING_DATE = datetime.date(2014, 1, 22)
LETTER_DATE = datetime.date(2014, 2, 6)
COMMENDATION = "The QA Panel would like to commend you on this report."
ISSUES = [
    "Paragraph 5.12 could appear to a reader to be victim blaming;",
    "Please explicitly draw out the links between the recommendations and the Action Plan.",
]
NATIONAL_RESPONSES = [
    ([3], "Action three will be communicated to Ministry of Justice colleagues."),
    ([5, 6, 8], "On actions five, six, and eight the Home Office will discuss with health agencies."),
]
# The action plan those responses answer: 3, 5, 6 and 8 national, the rest local.
NATIONAL_NUMBERS = (3, 5, 6, 8)


def action_plan(submission):
    """Give `submission` an action plan of eight recommendations, four of them national."""
    from tests.factories import RecommendationFactory

    return [
        RecommendationFactory(
            submission=submission, position=number, number=str(number),
            scope=RecommendationScope.NATIONAL if number in NATIONAL_NUMBERS else RecommendationScope.LOCAL,
            national_body=NationalBody.HOME_OFFICE if number in NATIONAL_NUMBERS else "",
        )
        for number in range(1, 9)
    ]


def responses(submission, answers=NATIONAL_RESPONSES):
    """`answers` as (numbers, text) pairs, tied to the submission's recommendations with those numbers."""
    rows = {rec.number: rec.pk for rec in submission.recommendations.all()}
    return [
        ResponseDraft(recommendation_ids=tuple(rows[str(number)] for number in numbers),
                      routed_to=NationalBody.HOME_OFFICE, text=text)
        for numbers, text in answers
    ]


def pdf_text(pdf_bytes):
    """The PDF's words as a reader sees them: pdftotext, white space collapsed."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf_bytes, capture_output=True, check=True
    ).stdout.decode()
    return normalise(text)


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def audit_trail(obj):
    """(actor id, action, detail) for every event about `obj`, oldest first."""
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .order_by("id")
        .values_list("actor_id", "action", "detail")
    )
