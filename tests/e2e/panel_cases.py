"""Where the Panel's browser journeys start from, built through the real services before the browser opens.

The words the readers and the chair type in tests/e2e/test_panel_meeting.py
are here too, so that the journey's second half (the letter and the CSP's
answers) starts from the verdict its first half records in the browser.
"""

import datetime

from dhrqa import clock
from panel.services.agenda import schedule_on_agenda
from panel.services.letters import draft_letter, issue_letter, send_for_signing, sign_letter
from panel.services.rendering import render_letter
from panel.services.meetings import create_meeting, hold_meeting, release_papers
from panel.services.verdicts import IssueDraft, ResponseDraft, confirm_verdict, record_verdict
from submissions.enums import NationalBody
from submissions.services.intake import accept_submission
from submissions.services.recommendations import add_recommendation
from submissions.services.versions import make_declaration, submit_submission
from tests.factories import CSPFactory, UserFactory, pdf_bytes
from tests.submissions.journey import EVERY_CHECK, RECOMMENDATION, add_file, draft_of, register

OVERVIEW = pdf_bytes("The overview report of the review into the death of Louise")
SUMMARY = pdf_bytes("The executive summary of the review into the death of Louise")
NATIONAL_RECOMMENDATION = {
    **RECOMMENDATION, "number": "4", "scope": "national", "national_body": NationalBody.DHSC,
    "text": "The Department of Health and Social Care should issue guidance on routine enquiry.",
}

# Rowan Reader's suggestion, which the chair picks; the issue the chair types.
CITATION = "Overview 4.2"
SUGGESTED = "Consider the victim's disability in the equality and diversity section"
TYPED = "Add a chronology of each agency's contact with Louise"
# The verdict's issues in the letter's order: those typed, then those picked.
ISSUES = [TYPED, f"{CITATION}: {SUGGESTED}"]
RESPONSE = "The Home Office will share this recommendation with the Department of Health and Social Care."
ANSWERS = ["The chronology is now appendix A of the overview report.",
           "Section 9 now considers how services responded to Louise's disability."]


def panel_people():
    """The CSP's officer, the secretariat, the chair and three members, named as the pages show them."""
    csp = CSPFactory(name="Northshire Community Safety Partnership", code="north", area_name="Northshire",
                     contact_name="Jordan Lee", contact_salutation="Jordan Lee")
    return {
        "officer": UserFactory(csp_officer=True, csp=csp, full_name="Olive Officer"),
        "secretariat": UserFactory(secretariat=True, full_name="Sasha Secretariat"),
        "chair": UserFactory(chair=True, full_name="Charlie Chair"),
        "rowan": UserFactory(panel_member=True, full_name="Rowan Reader"),
        "riley": UserFactory(panel_member=True, full_name="Riley Reader"),
        "morgan": UserFactory(panel_member=True, full_name="Morgan Member"),
    }


def accepted_review(officer, secretariat):
    """Version 1 of a review with an overview report and a national recommendation, accepted for a meeting."""
    draft = draft_of(register(officer))
    add_file(draft, officer, "overview_report", content=OVERVIEW, name="overview.pdf")
    add_file(draft, officer, "executive_summary", content=SUMMARY, name="summary.pdf")
    add_file(draft, officer, "action_plan", name="plan.pdf")
    add_recommendation(submission=draft, row=RECOMMENDATION, changed_by=officer)
    add_recommendation(submission=draft, row=NATIONAL_RECOMMENDATION, changed_by=officer)
    make_declaration(submission=draft, declared_by=officer)
    sent = submit_submission(submission=draft, submitted_by=officer)
    return accept_submission(submission=sent, accepted_by=secretariat, ticked=EVERY_CHECK)


def letter_issued(people, *, meeting_date):
    """Version 1 taken through a meeting on `meeting_date` to the verdict the browser journey records,
    confirmed, and its letter issued. Returns version 1.

    Signing runs an event loop of its own: call this before the browser starts.
    """
    secretariat, chair = people["secretariat"], people["chair"]
    with clock.at(meeting_date - datetime.timedelta(days=21)):
        submission = accepted_review(people["officer"], secretariat)
        meeting = create_meeting(date=meeting_date, start_time=datetime.time(10), chair=chair,
                                 members=[people["rowan"]], created_by=secretariat)
        item = schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=secretariat)
        release_papers(meeting=meeting, released_by=secretariat)
    with clock.at(meeting_date):
        hold_meeting(meeting=meeting, attended=[people["rowan"]], recorded_by=secretariat)
        national = submission.recommendations.get(number=NATIONAL_RECOMMENDATION["number"])
        verdict = record_verdict(
            agenda_item=item, recorded_by=chair, outcome="publish_after_changes", commendation="",
            issues=[IssueDraft(text) for text in ISSUES],
            national_responses=[ResponseDraft((national.pk,), NationalBody.DHSC, RESPONSE)],
        )
        confirm_verdict(verdict=verdict, confirmed_by=chair)
    # Signed today: the signing certificate was made today.
    letter = render_letter(draft_letter(verdict=verdict, drafted_by=secretariat).pk)
    issue_letter(
        letter=sign_letter(letter=send_for_signing(letter=letter, sent_by=secretariat), signed_by=chair),
        issued_by=secretariat,
    )
    return submission
