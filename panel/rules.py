"""Who may do what with meetings, agenda items, assessments, verdicts and letters.

The secretariat sees every meeting. A panel member or chair sees only the
meetings they chair or were invited to (being made a reader invites them),
and within those:
- nothing of a review they have declared a conflict with: its papers,
  assessments, verdict and letters are 404 to them;
- a report's documents only once the meeting's papers are released;
- the other readers' assessments of a report they read only once they have
  submitted their own.
A CSP officer sees a letter once it is issued to their CSP, and nothing
else of the Panel's: no assessment, reader or verdict.
"""

import rules

from dhrqa.rules import is_csp_officer, is_panel, is_responder, is_secretariat
from panel.enums import PAPERS_OUT, AssessmentStatus, LetterStatus
from panel.models import Assessment, ConflictOfInterest, MeetingMember, ReaderAssignment


def _sits_on(user, meeting):
    if meeting.chair_id == user.pk:
        return True
    return MeetingMember.objects.filter(meeting_id=meeting.pk, member_id=user.pk).exists()


def _conflicted(user, review_id):
    return ConflictOfInterest.objects.filter(review_id=review_id, member_id=user.pk).exists()


# Meetings
@rules.predicate
def sits_on_meeting(user, meeting):
    return meeting is not None and _sits_on(user, meeting)


@rules.predicate
def chairs_meeting(user, meeting):
    return meeting is not None and meeting.chair_id == user.pk


# Agenda items
@rules.predicate
def sits_on_items_meeting(user, item):
    return item is not None and _sits_on(user, item.meeting)


@rules.predicate
def chairs_items_meeting(user, item):
    return item is not None and item.meeting.chair_id == user.pk


@rules.predicate
def conflicted_with_item(user, item):
    return item is not None and _conflicted(user, item.submission.review_id)


@rules.predicate
def items_papers_released(user, item):
    return item is not None and item.meeting.status in PAPERS_OUT


@rules.predicate
def reads_item(user, item):
    return item is not None and ReaderAssignment.objects.filter(agenda_item_id=item.pk, reader_id=user.pk).exists()


@rules.predicate
def has_submitted_own_assessment(user, item):
    return item is not None and Assessment.objects.filter(
        assignment__agenda_item_id=item.pk, assignment__reader_id=user.pk, status=AssessmentStatus.SUBMITTED,
    ).exists()


# Letters
@rules.predicate
def sits_on_letters_meeting(user, letter):
    return letter is not None and _sits_on(user, letter.verdict.agenda_item.meeting)


@rules.predicate
def chairs_letter(user, letter):
    return letter is not None and letter.verdict.agenda_item.meeting.chair_id == user.pk


@rules.predicate
def conflicted_with_letter(user, letter):
    return letter is not None and _conflicted(user, letter.verdict.agenda_item.submission.review_id)


@rules.predicate
def letter_is_issued_to_users_csp(user, letter):
    return (
        letter is not None
        and letter.status == LetterStatus.ISSUED
        and letter.verdict.agenda_item.submission.review.csp_id == user.csp_id
    )


# National recommendations routed to bodies
@rules.predicate
def responds_for_routed_body(user, routed):
    return routed is not None and bool(user.national_body) and routed.body == user.national_body


sees_item = is_panel & sits_on_items_meeting & ~conflicted_with_item
sees_papers = sees_item & items_papers_released

rules.add_perm("panel.view_meetings", is_secretariat | is_panel)
rules.add_perm("panel.view_meeting", is_secretariat | (is_panel & sits_on_meeting))
rules.add_perm("panel.plan_meetings", is_secretariat)
rules.add_perm("panel.manage_criteria", is_secretariat)
rules.add_perm("panel.manage_letter_templates", is_secretariat)
rules.add_perm("panel.view_progress", is_secretariat | (is_panel & chairs_meeting))
rules.add_perm("panel.record_attendance", is_secretariat | (is_panel & chairs_meeting))
rules.add_perm("panel.run_meeting", is_panel & chairs_meeting)
rules.add_perm("panel.view_my_reviews", is_panel)

rules.add_perm("panel.view_item", is_secretariat | sees_item)
rules.add_perm("panel.read_papers", is_secretariat | sees_papers)
rules.add_perm("panel.assess", is_panel & reads_item & sees_papers)
rules.add_perm("panel.read_assessments", is_secretariat | (sees_papers & (~reads_item | has_submitted_own_assessment)))
rules.add_perm("panel.declare_conflict", is_panel & sits_on_items_meeting & ~conflicted_with_item)
rules.add_perm("panel.record_verdict", is_panel & chairs_items_meeting & ~conflicted_with_item)

rules.add_perm("panel.draft_letter", is_secretariat)
rules.add_perm("panel.sign_letter", is_panel & chairs_letter & ~conflicted_with_letter)
rules.add_perm("panel.issue_letter", is_secretariat)
# The letter in its final layout before it is signed: the secretariat, and the chair who will sign it.
rules.add_perm("panel.preview_letter", is_secretariat | (is_panel & chairs_letter & ~conflicted_with_letter))
rules.add_perm(
    "panel.view_letter",
    is_secretariat
    | (is_panel & sits_on_letters_meeting & ~conflicted_with_letter)
    | (is_csp_officer & letter_is_issued_to_users_csp),
)


# Delays and publication. The dashboard names every CSP's reviews and their verdicts' dates: the secretariat's alone.
# Panel members see the caseload only through their meetings, and a CSP officer only their CSP's (not built).
rules.add_perm("panel.view_delays", is_secretariat)


@rules.predicate
def review_is_users_csps(user, review):
    return review is not None and review.csp_id == user.csp_id


rules.add_perm("panel.record_publication", is_csp_officer & review_is_users_csps)


# National recommendations: the secretariat sees every one; a responder only those routed to their body (others
# are 404 to them, through panel.queries.routed_for_user); nobody else, not even the Panel, uses these pages.
rules.add_perm("panel.view_national", is_secretariat | is_responder)
rules.add_perm("panel.view_routed", is_secretariat | (is_responder & responds_for_routed_body))
rules.add_perm("panel.move_routed", is_responder & responds_for_routed_body)
rules.add_perm("panel.manage_national", is_secretariat)
