"""Who may do what with meetings, verdicts and letters."""

import rules

from dhrqa.rules import is_chair, is_csp_officer, is_home_office, is_secretariat
from panel.enums import LetterStatus


@rules.predicate
def chairs_agenda_item(user, agenda_item):
    return agenda_item is not None and agenda_item.meeting.chair_id == user.pk


@rules.predicate
def chairs_letter(user, letter):
    return letter is not None and letter.verdict.agenda_item.meeting.chair_id == user.pk


@rules.predicate
def letter_is_issued_to_users_csp(user, letter):
    return (
        letter is not None
        and letter.status == LetterStatus.ISSUED
        and letter.verdict.agenda_item.submission.review.csp_id == user.csp_id
    )


rules.add_perm("panel.view_meetings", is_home_office)
rules.add_perm("panel.create_meeting", is_secretariat)
rules.add_perm("panel.schedule_submission", is_secretariat)
rules.add_perm("panel.record_verdict", is_chair & chairs_agenda_item)
rules.add_perm("panel.draft_letter", is_secretariat)
rules.add_perm("panel.sign_letter", is_chair & chairs_letter)
rules.add_perm("panel.issue_letter", is_secretariat)
rules.add_perm("panel.view_letter", is_home_office | (is_csp_officer & letter_is_issued_to_users_csp))
