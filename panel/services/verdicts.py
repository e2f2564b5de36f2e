"""The chair's verdict on an agenda item: recorded pending, revised, confirmed, and changed only with a reason."""

from dataclasses import dataclass

from django.db import transaction

from dhrqa import clock
from dhrqa.audit import last_event, record
from dhrqa.enums import AuditAction
from dhrqa.transitions import check_move
from panel.enums import AGENDA_ITEM_MOVES, VERDICT_MOVES, LetterStatus, MeetingStatus
from panel.models import AgendaItem, NationalRecommendationResponse, SuggestedIssue, Verdict, VerdictIssue
from panel.outcomes import outcome_in_set, outcome_set_for_item
from panel.queries import national_recommendations
from panel.services.national_tracker import route_verdict
from panel.refusals import (
    LetterAlreadySigned,
    MeetingNotHeld,
    NationalRecommendationsUnanswered,
    NotThisSubmissionsRecommendation,
    ReasonRequired,
    VerdictChangedMeanwhile,
    VerdictRefused,
)
from submissions.enums import NationalBody
from submissions.services.panel_steps import mark_decided


@dataclass(frozen=True)
class IssueDraft:
    """An issue for the letter as the chair worded it, and the reader's suggestion it came from, if any."""

    text: str
    suggestion_id: int | None = None


@dataclass(frozen=True)
class ResponseDraft:
    """The Panel's answer to one or more national recommendations (by id), and the body it is routed to."""

    recommendation_ids: tuple
    routed_to: str
    text: str
    routed_to_other: str = ""


def record_verdict(*, agenda_item, recorded_by, outcome, commendation, issues, national_responses):
    """Record the Panel's verdict on an item, pending until the chair confirms it.

    `outcome` is a code of the outcome set in force; `issues` a list of
    IssueDraft (or plain texts) in letter order; `national_responses` a list
    of ResponseDraft.

    1. Lock the item; check the meeting's chair is recording it, the meeting
       is being held, the item has no verdict yet (one recorded meanwhile, from
       another tab, is VerdictChangedMeanwhile) and may move to "discussed"
       (AGENDA_ITEM_MOVES).
    2. Check the outcome, issues and responses (_checked_contents).
    3. Save the pending verdict with its issues and responses, mark the item
       discussed and write the audit event.
    """
    with transaction.atomic():
        item = _locked_item(agenda_item)
        _check_chair(item, recorded_by)
        _check_meeting_held(item)
        existing = Verdict.objects.filter(agenda_item=item).first()
        if existing is not None:
            raise _changed_meanwhile(existing, "A verdict has already been recorded for this review: change it instead")
        item.status = check_move(AGENDA_ITEM_MOVES, item.status, "record_verdict",
                                 "A verdict has already been recorded for this review", error=VerdictRefused)
        contents = _checked_contents(item, outcome, commendation, issues, national_responses)
        verdict = Verdict.objects.create(agenda_item=item, outcome=contents.outcome,
                                         commendation=contents.commendation, recorded_by=recorded_by)
        _write_lists(verdict, contents)
        item.save(update_fields=["status"])
        record(recorded_by, AuditAction.VERDICT_RECORDED, verdict, review=item.submission.review,
               **contents.summary())
    return verdict


def revise_verdict(*, verdict, revised_by, outcome, commendation, issues, national_responses, based_on=None):
    """Change a pending verdict: as record_verdict, on the verdict already there.

    `based_on` is the revision the chair's form was filled in from (None: not checked).

    1. Lock the verdict; check the meeting's chair is revising it, the meeting
       is being held and the verdict is pending (a confirmed one changes only
       through change_verdict), and that it is still at revision `based_on`:
       under the lock, so two saves from the same revision cannot both pass.
    2. Check and save the new contents in place of the old; write the audit event.
    """
    with transaction.atomic():
        verdict, item = _locked_verdict(verdict)
        _check_chair(item, revised_by)
        _check_meeting_held(item)
        check_move(VERDICT_MOVES, verdict.status, "revise",
                   "This verdict has been confirmed: change it with a reason", error=VerdictRefused)
        _check_revision(verdict, based_on)
        contents = _checked_contents(item, outcome, commendation, issues, national_responses)
        _replace(verdict, contents)
        record(revised_by, AuditAction.VERDICT_REVISED, verdict, review=item.submission.review,
               revision=verdict.revision, **contents.summary())
    return verdict


def confirm_verdict(*, verdict, confirmed_by, read_revision=None):
    """Confirm a pending verdict: from now on the secretariat can draft its letter.

    `read_revision` is the revision the confirm page showed the chair (None: not checked): the chair
    confirms the words they read, not ones saved in another tab since.

    1. Lock the verdict; check the meeting's chair is confirming it, the
       meeting is being held, the verdict is still at `read_revision` and
       the move is allowed.
    2. Check every national recommendation of the version has a response.
    3. Have submissions move the version to "decided" (the CSP is told
       nothing until the letter is issued); mark the verdict confirmed and
       write the audit event.
    4. Route each national recommendation to the body its response names
       (national_tracker.route_verdict), in the same transaction.
    """
    with transaction.atomic():
        verdict, item = _locked_verdict(verdict)
        _check_chair(item, confirmed_by)
        _check_meeting_held(item)
        if read_revision is not None and str(read_revision) != str(verdict.revision):
            raise _changed_meanwhile(verdict, "The verdict changed after you opened this page: "
                                              "read it again before confirming it")
        status = check_move(VERDICT_MOVES, verdict.status, "confirm", "This verdict has already been confirmed",
                            error=VerdictRefused)
        unanswered = _unanswered_national_recommendations(verdict)
        if unanswered:
            raise NationalRecommendationsUnanswered(
                f"Respond to national recommendation{'s' if len(unanswered) > 1 else ''} "
                f"{', '.join(unanswered)} before confirming the verdict"
            )
        mark_decided(submission=item.submission)
        verdict.status = status
        verdict.confirmed_by = confirmed_by
        verdict.confirmed_at = clock.now()
        verdict.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        record(confirmed_by, AuditAction.VERDICT_CONFIRMED, verdict, review=item.submission.review,
               outcome=verdict.outcome.code, revision=verdict.revision)
        route_verdict(verdict, routed_by=confirmed_by)
    return verdict


def change_verdict(*, verdict, changed_by, reason, outcome, commendation, issues, national_responses,
                   based_on=None):
    """Change a confirmed verdict. Only its meeting's chair, with a reason, before its letter is signed.

    `based_on` is the revision the chair's form was filled in from (None: not checked).

    1. Lock the verdict; check it is confirmed, the reason is given, the
       person is the meeting's chair, no letter for it is signed, and it is
       still at revision `based_on`.
    2. Check the new contents, including a response to every national
       recommendation, and save them in place of the old.
    3. Write the audit event with the reason and what was there before.
    4. Route any recommendation now answered for a body it was not routed to,
       and withdraw it from the body named before if that body has not
       answered yet (national_tracker.route_verdict). What the secretariat
       re-routed stays where it was sent.
    """
    reason = reason.strip()
    with transaction.atomic():
        verdict, item = _locked_verdict(verdict)
        check_move(VERDICT_MOVES, verdict.status, "change",
                   "This verdict is pending: the chair can still revise it", error=VerdictRefused)
        if not reason:
            raise ReasonRequired("Enter the reason for changing the confirmed verdict")
        _check_chair(item, changed_by)
        if verdict.letters.exclude(status=LetterStatus.DRAFT).exists():
            raise LetterAlreadySigned("The letter for this verdict has been signed: the verdict can no longer change")
        _check_revision(verdict, based_on)
        before = _contents_of(verdict)
        contents = _checked_contents(item, outcome, commendation, issues, national_responses)
        _replace(verdict, contents)
        unanswered = _unanswered_national_recommendations(verdict)
        if unanswered:
            raise NationalRecommendationsUnanswered(
                f"Respond to national recommendation{'s' if len(unanswered) > 1 else ''} {', '.join(unanswered)}"
            )
        record(changed_by, AuditAction.VERDICT_CHANGED, verdict, review=item.submission.review, reason=reason,
               revision=verdict.revision, before=before, after=_contents_of(verdict))
        route_verdict(verdict, routed_by=changed_by)
    return verdict


# Checking and writing a verdict's contents

@dataclass
class _Contents:
    outcome: object
    commendation: str
    issues: list
    responses: list

    def summary(self):
        return {"outcome": self.outcome.code, "issues": len(self.issues), "national_responses": len(self.responses)}


def _locked_item(agenda_item):
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "submission__review")
        .get(pk=agenda_item.pk)
    )


def _locked_verdict(verdict):
    verdict = Verdict.objects.select_for_update(of=("self",)).select_related("outcome").get(pk=verdict.pk)
    return verdict, _locked_item(verdict.agenda_item)


def _check_chair(item, person):
    if person.pk != item.meeting.chair_id:
        raise VerdictRefused("Only the chair of the meeting can record, confirm or change its verdicts")


# The saves that make a verdict's revision: recording it, revising it, changing it.
_SAVES = (AuditAction.VERDICT_RECORDED, AuditAction.VERDICT_REVISED, AuditAction.VERDICT_CHANGED)


def _check_revision(verdict, based_on):
    if based_on is not None and based_on != verdict.revision:
        raise _changed_meanwhile(verdict, "This verdict was changed after you opened the page")


def _changed_meanwhile(verdict, message):
    saved = last_event(verdict, actions=_SAVES)
    return VerdictChangedMeanwhile(message, saved_by=saved.actor if saved else verdict.recorded_by,
                                   saved_at=saved.at if saved else verdict.recorded_at)


def _check_meeting_held(item):
    if item.meeting.status != MeetingStatus.HELD:
        raise MeetingNotHeld("Verdicts are recorded at the meeting: record it as held first"
                             if item.meeting.status != MeetingStatus.CLOSED else "This meeting has been closed")


def _checked_contents(item, outcome_code, commendation, issues, national_responses):
    outcome = outcome_in_set(outcome_set_for_item(item), outcome_code)
    issues = [issue if isinstance(issue, IssueDraft) else IssueDraft(issue) for issue in issues]
    issues = [IssueDraft(issue.text.strip(), issue.suggestion_id) for issue in issues if issue.text.strip()]
    suggestion_ids = {issue.suggestion_id for issue in issues if issue.suggestion_id}
    if suggestion_ids:
        known = set(SuggestedIssue.objects.filter(
            pk__in=suggestion_ids, assessment__assignment__agenda_item=item).values_list("pk", flat=True))
        issues = [IssueDraft(i.text, i.suggestion_id if i.suggestion_id in known else None) for i in issues]
    national = {rec.pk: rec for rec in _national_recommendations(item)}
    answered = set()
    responses = []
    for response in national_responses:
        ids = list(dict.fromkeys(response.recommendation_ids))
        if not ids and not response.text.strip():
            continue
        if not ids or any(pk not in national for pk in ids):
            raise NotThisSubmissionsRecommendation(
                "Each response must answer one or more of this version's national recommendations")
        if answered & set(ids):
            numbers = ", ".join(national[pk].number for pk in sorted(answered & set(ids)))
            raise NotThisSubmissionsRecommendation(f"Recommendation {numbers} is answered twice: answer it once")
        if not response.text.strip():
            raise NotThisSubmissionsRecommendation("Enter the Panel's response to each recommendation chosen")
        if response.routed_to not in NationalBody.values or (
                response.routed_to == NationalBody.OTHER and not response.routed_to_other.strip()):
            raise NotThisSubmissionsRecommendation("Choose the body each response is routed to")
        answered |= set(ids)
        responses.append(ResponseDraft(tuple(ids), response.routed_to, response.text.strip(),
                                       response.routed_to_other.strip() if response.routed_to == NationalBody.OTHER
                                       else ""))
    return _Contents(outcome, commendation.strip(), issues, responses)


def _national_recommendations(item):
    return national_recommendations(item.submission)


def _unanswered_national_recommendations(verdict):
    item = verdict.agenda_item
    answered = set(NationalRecommendationResponse.recommendations.through.objects.filter(
        nationalrecommendationresponse__verdict=verdict).values_list("recommendation_id", flat=True))
    return [rec.number for rec in _national_recommendations(item) if rec.pk not in answered]


def _write_lists(verdict, contents):
    VerdictIssue.objects.bulk_create(
        VerdictIssue(verdict=verdict, position=position, text=issue.text, suggestion_id=issue.suggestion_id)
        for position, issue in enumerate(contents.issues, start=1)
    )
    for position, draft in enumerate(contents.responses, start=1):
        response = NationalRecommendationResponse.objects.create(
            verdict=verdict, position=position, routed_to=draft.routed_to, routed_to_other=draft.routed_to_other,
            text=draft.text,
        )
        response.recommendations.set(draft.recommendation_ids)


def _replace(verdict, contents):
    verdict.outcome = contents.outcome
    verdict.commendation = contents.commendation
    verdict.revision += 1
    verdict.save(update_fields=["outcome", "commendation", "revision"])
    verdict.issues.all().delete()
    verdict.national_responses.all().delete()
    _write_lists(verdict, contents)


def _contents_of(verdict):
    """A verdict's contents as plain data, for the audit trail of a change."""
    return {
        "outcome": verdict.outcome.code,
        "commendation": verdict.commendation,
        "issues": list(verdict.issues.order_by("position").values_list("text", flat=True)),
        "national_responses": [
            {"recommendations": response.recommendation_numbers(), "routed_to": response.routed_to,
             "text": response.text}
            for response in verdict.national_responses.order_by("position").prefetch_related("recommendations")
        ],
    }
