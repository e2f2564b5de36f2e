from django.db import models


class Role(models.TextChoices):
    CSP_OFFICER = "csp_officer", "CSP officer"
    SECRETARIAT = "secretariat", "Secretariat"
    PANEL_MEMBER = "panel_member", "Panel member"
    CHAIR = "chair", "Panel chair"
    # Someone at a national body (a department, NHS England...) who answers the national recommendations routed to it.
    RESPONDER = "responder", "National body responder"


# Secretariat and chair accounts can manage users or sign letters: only admins make them.
ROLES_SECRETARIAT_CAN_CREATE = (Role.CSP_OFFICER, Role.PANEL_MEMBER, Role.RESPONDER)


class NationalBody(models.TextChoices):
    """Who a national recommendation is addressed to, and the body a responder works for.

    Here rather than in submissions so that a user's body (dhrqa.User.national_body) can name it;
    submissions.enums re-exports it.
    """

    HOME_OFFICE = "home_office", "Home Office"
    MINISTRY_OF_JUSTICE = "moj", "Ministry of Justice"
    DHSC = "dhsc", "Department of Health and Social Care (DHSC)"
    NHS_ENGLAND = "nhs_england", "NHS England"
    COLLEGE_OF_POLICING = "college_of_policing", "College of Policing"
    DFE = "dfe", "Department for Education (DfE)"
    WELSH_GOVERNMENT = "welsh_government", "Welsh Government"
    OTHER = "other", "Other"


# The bodies a responder can work for: an "Other" body has no accounts; the secretariat re-routes what is sent there.
RESPONDING_BODIES = tuple(body for body in NationalBody if body != NationalBody.OTHER)


# What a link to choose a password (dhrqa.models.PasswordLink) was sent for.
class LinkPurpose(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    PASSWORD_RESET = "password_reset", "Password reset"


# Roles that work for the Home Office.
HOME_OFFICE_ROLES = frozenset({Role.SECRETARIAT, Role.PANEL_MEMBER, Role.CHAIR})
# The Panel's people. Roles at a meeting are not fixed by the account: anyone here may chair one
# meeting, sit on another and read reports for a third. "Chair" marks who usually chairs.
PANEL_ROLES = frozenset({Role.PANEL_MEMBER, Role.CHAIR})


class AuditAction(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    # The password step of someone who gives a code too: SIGNED_IN follows once the code is accepted.
    PASSWORD_ACCEPTED = "password_accepted", "Password accepted, code asked for"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_IN_LOCKED_OUT = "sign_in_locked_out", "Sign-in locked after repeated failures"
    SIGN_IN_UNLOCKED = "sign_in_unlocked", "Sign-in unlocked by the secretariat"
    USER_CREATED = "user_created", "User created"
    USER_CHANGED = "user_changed", "User changed"
    PASSWORD_SET = "password_set", "Password set"
    INVITATION_SENT = "invitation_sent", "Invitation sent"
    INVITATION_RESENT = "invitation_resent", "Invitation sent again"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted, password chosen"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset link sent"
    PASSWORD_RESET_COMPLETED = "password_reset_completed", "Password reset"
    MFA_SET_UP = "mfa_set_up", "Two-factor sign-in set up"
    MFA_CODE_FAILED = "mfa_code_failed", "Two-factor sign-in code refused"
    MFA_RECOVERY_CODE_USED = "mfa_recovery_code_used", "Two-factor recovery code used"
    MFA_RECOVERY_CODES_REPLACED = "mfa_recovery_codes_replaced", "Two-factor recovery codes replaced"
    MFA_RESET = "mfa_reset", "Two-factor sign-in reset"
    SESSIONS_ENDED = "sessions_ended", "Signed out everywhere"
    USER_DEACTIVATED = "user_deactivated", "Account deactivated"
    USER_REACTIVATED = "user_reactivated", "Account reactivated"
    ADMIN_ADDED = "admin_added", "Added in the admin"
    ADMIN_CHANGED = "admin_changed", "Changed in the admin"
    ADMIN_DELETED = "admin_deleted", "Deleted in the admin"
    CSP_CHANGED = "csp_changed", "CSP details changed"
    REVIEW_REGISTERED = "review_registered", "Review registered"
    REVIEW_CHANGED = "review_changed", "Review details changed"
    SUBMISSION_STARTED = "submission_started", "Submission version started"
    DOCUMENT_ADDED = "document_added", "Document added"
    DOCUMENT_REMOVED = "document_removed", "Document removed"
    DOCUMENT_DOWNLOADED = "document_downloaded", "Document downloaded"
    DOCUMENT_INTEGRITY_FAILED = "document_integrity_failed", "Document failed its integrity check"
    TEXT_EXTRACTED = "text_extracted", "Document text extracted"
    TEXT_EXTRACTION_FAILED = "text_extraction_failed", "Document text extraction failed"
    RECOMMENDATIONS_CHANGED = "recommendations_changed", "Recommendations changed"
    PRESCREEN_CHECKED = "prescreen_checked", "Pre-screen checked"
    PRESCREEN_FINDING_CONSIDERED = "prescreen_finding_considered", "Pre-screen finding considered, no change"
    PRESCREEN_FINDING_REOPENED = "prescreen_finding_reopened", "Pre-screen finding reopened"
    LEXICON_ENTRY_ADDED = "lexicon_entry_added", "Language check phrase added"
    LEXICON_ENTRY_CHANGED = "lexicon_entry_changed", "Language check phrase changed"
    LEXICON_ENTRY_RETIRED = "lexicon_entry_retired", "Language check phrase retired"
    ISSUES_ANSWERED = "issues_answered", "Issues answered"
    DECLARATION_MADE = "declaration_made", "Declaration made"
    SUBMISSION_SUBMITTED = "submission_submitted", "Submission submitted"
    SUBMISSION_WITHDRAWN = "submission_withdrawn", "Submission withdrawn"
    SUBMISSION_ACCEPTED = "submission_accepted", "Submission accepted"
    SUBMISSION_RETURNED = "submission_returned", "Submission returned to the CSP"
    SUBMISSIONS_EXPORTED = "submissions_exported", "Submissions exported as CSV"
    AUDIT_TRAIL_EXPORTED = "audit_trail_exported", "Audit trail exported as CSV"
    MEETING_CREATED = "meeting_created", "Meeting created"
    MEETING_CHANGED = "meeting_changed", "Meeting details changed"
    MEMBER_INVITED = "member_invited", "Member invited to a meeting"
    MEMBER_REMOVED = "member_removed", "Member removed from a meeting"
    PAPERS_RELEASED = "papers_released", "Meeting papers released"
    MEETING_HELD = "meeting_held", "Meeting held, attendance recorded"
    MEETING_CLOSED = "meeting_closed", "Meeting closed"
    MEETING_ITEM_CHANGED = "meeting_item_changed", "Meeting moved to another item"
    SUBMISSION_SCHEDULED = "submission_scheduled", "Submission scheduled"
    AGENDA_REORDERED = "agenda_reordered", "Agenda reordered"
    AGENDA_ITEM_MOVED = "agenda_item_moved", "Agenda item moved to another meeting"
    READER_ASSIGNED = "reader_assigned", "Reader assigned"
    READER_REMOVED = "reader_removed", "Reader removed"
    READERS_REMINDED = "readers_reminded", "Readers reminded"
    CONFLICT_DECLARED = "conflict_declared", "Conflict of interest declared"
    ASSESSMENT_SAVED = "assessment_saved", "Assessment saved as a draft"
    ASSESSMENT_SUBMITTED = "assessment_submitted", "Assessment submitted"
    CRITERION_ADDED = "criterion_added", "Assessment criterion added"
    CRITERION_CHANGED = "criterion_changed", "Assessment criterion changed"
    OUTCOME_SET_CHANGED = "outcome_set_changed", "Outcome set changed"
    VERDICT_RECORDED = "verdict_recorded", "Verdict recorded"
    VERDICT_REVISED = "verdict_revised", "Pending verdict revised"
    VERDICT_CONFIRMED = "verdict_confirmed", "Verdict confirmed"
    VERDICT_CHANGED = "verdict_changed", "Confirmed verdict changed"
    LETTER_DRAFTED = "letter_drafted", "Letter drafted"
    LETTER_EDITED = "letter_edited", "Draft letter edited"
    LETTER_RENDER_REQUESTED = "letter_render_requested", "Letter rendering asked for again"
    LETTER_RENDERED = "letter_rendered", "Letter rendered"
    LETTER_RENDER_FAILED = "letter_render_failed", "Letter rendering failed"
    LETTER_SENT_FOR_SIGNING = "letter_sent_for_signing", "Letter sent to the chair to sign"
    LETTER_RETURNED = "letter_returned", "Letter sent back by the chair"
    LETTER_WITHDRAWN = "letter_withdrawn", "Letter taken back from the chair"
    LETTER_SIGNED = "letter_signed", "Letter signed"
    LETTER_ISSUED = "letter_issued", "Letter issued"
    LETTER_CORRECTION_STARTED = "letter_correction_started", "Letter correction started"
    LETTER_SUPERSEDED = "letter_superseded", "Letter superseded by a correction"
    LETTER_DOWNLOADED = "letter_downloaded", "Letter downloaded"
    LETTER_INTEGRITY_FAILED = "letter_integrity_failed", "Signed letter failed its integrity check"
    LETTERS_PREPARED = "letters_prepared", "A meeting's letters prepared together"
    LETTERS_ZIPPED = "letters_zipped", "A meeting's signed letters gathered in a ZIP"
    LETTER_BUNDLE_DOWNLOADED = "letter_bundle_downloaded", "A ZIP of a meeting's signed letters downloaded"
    LETTER_TEMPLATE_CHANGED = "letter_template_changed", "Letter template changed"
    LETTER_CHECKED = "letter_checked", "A letter checked on the public page"
    PUBLICATION_RECORDED = "publication_recorded", "Publication of the report recorded"
    DELAYS_EXPORTED = "delays_exported", "Stage dates and durations exported as CSV"
    NATIONAL_RECOMMENDATION_ROUTED = "national_recommendation_routed", "National recommendation routed to a body"
    NATIONAL_RECOMMENDATION_REROUTED = "national_recommendation_rerouted", "National recommendation re-routed"
    NATIONAL_RECOMMENDATION_WITHDRAWN = "national_recommendation_withdrawn", \
        "National recommendation withdrawn from a body"
    NATIONAL_RECOMMENDATION_MOVED = "national_recommendation_moved", "National recommendation's status changed"
    NATIONAL_RECOMMENDATIONS_CHASED = "national_recommendations_chased", "Chasers sent for overdue national responses"
    NATIONAL_RECOMMENDATIONS_EXPORTED = "national_recommendations_exported", "National recommendations exported as CSV"
    BACKUP_MADE = "backup_made", "Backup of the database and files made"
    BACKUP_RESTORED = "backup_restored", "Database and files restored from a backup"
