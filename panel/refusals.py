"""Every move the Panel's services refuse, each with its own name.

Each is an IllegalTransition, so a view shows any of them the same way:
the message, written for the person who asked, next to what they tried.
"""

from dhrqa.transitions import IllegalTransition


# Meetings
class MeetingRefused(IllegalTransition):
    """The meeting cannot move to the state asked for (see MEETING_TRANSITIONS)."""


class MeetingAlreadyHeld(MeetingRefused):
    """Once attendance is recorded, a meeting's details and members stay as they were."""


class CapacityBelowAgenda(MeetingRefused):
    """A meeting's capacity cannot be less than the items already on its agenda."""


class MemberIsReading(MeetingRefused):
    """A member reading a report on the agenda stays invited until they are no longer its reader."""


class NotAPanelMember(IllegalTransition):
    """Only an active panel member or chair can chair, sit on or read for a meeting."""


class AgendaIsEmpty(IllegalTransition):
    """Papers cannot be released for a meeting with nothing on its agenda."""


class MeetingNotYetDue(IllegalTransition):
    """A meeting cannot be recorded as held before its date."""


class ItemsStillUndecided(IllegalTransition):
    """A meeting cannot close while an item on its agenda has no confirmed verdict."""


class MeetingNotHeld(IllegalTransition):
    """Verdicts are recorded, and meeting mode moves on, only at a meeting that is being held."""


# Agendas
class AgendaClosed(IllegalTransition):
    """The meeting's agenda can no longer change: it has been held or closed."""


class AgendaFull(IllegalTransition):
    """The meeting's agenda has as many items as its capacity."""


class ItemAlreadyDiscussed(IllegalTransition):
    """An item with a verdict stays where it is (see AGENDA_ITEM_MOVES)."""


# Readers and conflicts
class ReaderConflicted(IllegalTransition):
    """A member who has declared a conflict with a review cannot read it."""


class AlreadyReading(IllegalTransition):
    """The member is already a reader of this item."""


class ReaderHasSubmitted(IllegalTransition):
    """A reader who has submitted their assessment stays on the record."""


class ConflictAlreadyDeclared(IllegalTransition):
    """The member has already declared a conflict with this review."""


class NothingToRemind(IllegalTransition):
    """Every reader of the meeting has submitted their assessment."""


# Assessments
class AssessmentRefused(IllegalTransition):
    """The assessment cannot move to the state asked for (see ASSESSMENT_MOVES)."""


class PapersNotReleased(IllegalTransition):
    """Readers assess a report only once the meeting's papers are released."""


class AssessmentClosed(IllegalTransition):
    """The Panel has recorded its verdict: assessments of the report are closed."""


class AssessmentIncomplete(IllegalTransition):
    """An assessment is submitted only with a judgement on every criterion and a recommended outcome."""


class ChangedMeanwhile(IllegalTransition):
    """What the form was filled in from was saved again meanwhile (another person, or another tab).

    `saved_by` and `saved_at` say who saved it last and when, for the page's message.
    """

    def __init__(self, message, *, saved_by=None, saved_at=None):
        super().__init__(message)
        self.saved_by = saved_by
        self.saved_at = saved_at


class AssessmentChangedMeanwhile(ChangedMeanwhile, AssessmentRefused):
    """The reader's assessment was saved again (in another tab) after the form was filled in."""


# Verdicts
class VerdictRefused(IllegalTransition):
    """The verdict cannot move to the state asked for (see VERDICT_MOVES)."""


class VerdictChangedMeanwhile(ChangedMeanwhile, VerdictRefused):
    """The verdict was recorded or changed after the chair's form was filled in."""


class OutcomeNotInForce(IllegalTransition):
    """The outcome is not one of the outcome set in force for this item."""


class NoOutcomeSet(IllegalTransition):
    """No outcome set was in force for this kind of case on the meeting's date."""


class ReasonRequired(IllegalTransition):
    """A confirmed verdict changes only with a reason."""


class NationalRecommendationsUnanswered(IllegalTransition):
    """Every national recommendation needs a response before the verdict is confirmed."""


class NotThisSubmissionsRecommendation(IllegalTransition):
    """A response may only answer the national recommendations of the version on the agenda."""


class VerdictNotConfirmed(IllegalTransition):
    """A letter is drafted only from a confirmed verdict."""


class LetterAlreadySigned(IllegalTransition):
    """A verdict whose letter is signed no longer changes."""


# Letters
class LetterRefused(IllegalTransition):
    """The letter cannot move to the state asked for (see LETTER_TRANSITIONS)."""


class NoLetterTemplate(IllegalTransition):
    """No letter template has been written for the verdict's outcome set."""


class LetterCannotBeComposed(IllegalTransition):
    """The template's wording for the verdict is missing or has a placeholder problem, or the case lacks a value."""


class LetterTemplateRefused(IllegalTransition):
    """A template's wording with a problem is not saved, and only its newest version is changed."""


class LetterNotRendered(IllegalTransition):
    """The chair signs a draft only once its PDF is ready."""


class LetterOutOfDate(IllegalTransition):
    """The verdict changed after the letter was drafted: the letter is drafted again before it goes further."""


class LetterChangedMeanwhile(IllegalTransition):
    """Someone changed the draft while another person was editing it."""


class LetterChangedSinceRead(IllegalTransition):
    """The chair signs only the words the signing page showed them."""


class LetterTooLong(IllegalTransition):
    """The letter's text is longer than a letter may be (panel.services.rendering.MAX_LETTER_CHARACTERS).

    `reason` says so as a clause, for a failed draft's "could not be made: ..."; the message as a sentence.
    """

    def __init__(self, *, length, limit):
        self.reason = (f"the letter is {length:,} characters long, and a letter can be at most {limit:,}. "
                       "Shorten its issues, responses or extra paragraph")
        super().__init__(self.reason[0].upper() + self.reason[1:])


# Publication
class NotApprovedForPublication(IllegalTransition):
    """A report is published only once the Panel's letter approving it has been issued."""


class PublicationDateRefused(IllegalTransition):
    """The date published is not in the future, nor before the letter was issued."""


# National recommendations routed to bodies
class NationalMoveRefused(IllegalTransition):
    """A routed recommendation cannot make the move asked for (see NATIONAL_MOVES), or not by this person."""


class DeclineReasonRequired(NationalMoveRefused):
    """A body declines a recommendation only with its reasons."""


class NationalChangedMeanwhile(NationalMoveRefused):
    """Someone else moved the recommendation after the form was opened."""


class RerouteRefused(IllegalTransition):
    """A routed recommendation cannot be re-routed: already answered, the same body, or routed there already."""
