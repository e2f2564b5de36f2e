"""Meetings, agenda items, assessments and letters a user may see, with what their pages need."""

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.db.models import prefetch_related_objects

from dhrqa.enums import PANEL_ROLES, Role
from dhrqa.models import User
from panel.enums import (
    NATIONAL_SENDING_KINDS,
    AssessmentStatus,
    LetterStatus,
    MeetingStatus,
    NationalMoveKind,
    NationalStatus,
)
from panel.models import (
    AgendaItem,
    ConflictOfInterest,
    CriterionJudgement,
    Letter,
    Meeting,
    MeetingMember,
    NationalRecommendationResponse,
    ReaderAssignment,
    RoutedRecommendation,
    SuggestedIssue,
)
from submissions.enums import RecommendationScope
from submissions.models import Document, Recommendation


def meetings_for_user(user):
    """The secretariat sees every meeting; a panel member those they chair or were invited to."""
    if user.role == Role.SECRETARIAT:
        return Meeting.objects.all()
    if user.role in PANEL_ROLES:
        invited = MeetingMember.objects.filter(meeting=OuterRef("pk"), member=user)
        return Meeting.objects.filter(Q(chair=user) | Exists(invited))
    return Meeting.objects.none()


def items_for_user(user):
    """Agenda items on the meetings a user may see (rules then hide those they are conflicted with)."""
    if user.role == Role.SECRETARIAT:
        return AgendaItem.objects.all()
    return AgendaItem.objects.filter(meeting__in=meetings_for_user(user))


def meeting_list(user):
    return meetings_for_user(user).select_related("chair").annotate(item_count=Count("agenda_items"))


def meeting_detail(user):
    """A meeting with its agenda in order, its members and, for the record, who is recused from which item."""
    items = (
        AgendaItem.objects.select_related("submission__review__csp", "verdict__outcome")
        .prefetch_related(
            Prefetch("readers", queryset=ReaderAssignment.objects.select_related("reader", "assessment")),
            Prefetch("submission__review__conflicts", queryset=ConflictOfInterest.objects.select_related("member")),
        )
        .order_by("position")
    )
    return meetings_for_user(user).select_related("chair").prefetch_related(
        Prefetch("agenda_items", queryset=items),
        Prefetch("memberships", queryset=MeetingMember.objects.select_related("member").order_by("member__full_name")),
    )


def agenda_item_detail(user):
    return items_for_user(user).select_related(
        "meeting__chair", "submission__review__csp", "verdict__recorded_by", "verdict__confirmed_by",
        "verdict__outcome",
    ).prefetch_related(
        "submission__review__people",
        Prefetch("submission__documents", queryset=Document.objects.select_related("stored_file")),
        Prefetch("submission__recommendations", queryset=Recommendation.objects.order_by("position")),
        Prefetch("readers", queryset=ReaderAssignment.objects.select_related("reader", "assessment")),
        "verdict__issues",
        Prefetch("verdict__national_responses",
                 queryset=NationalRecommendationResponse.objects.prefetch_related("recommendations")),
        Prefetch("verdict__letters", queryset=Letter.objects.select_related("signed_by", "issued_by")),
    )


def assessments_of_item(item):
    """The item's readers with their assessments, judgements and suggestions: four queries whatever the size."""
    return list(
        item.readers.select_related("reader", "assessment__recommended_outcome").prefetch_related(
            Prefetch("assessment__judgements", queryset=CriterionJudgement.objects.select_related("criterion")),
            Prefetch("assessment__suggested_issues", queryset=SuggestedIssue.objects.order_by("position")),
        ).order_by("assigned_at", "id")
    )


def national_recommendations(submission):
    return submission.recommendations.filter(scope=RecommendationScope.NATIONAL).order_by("position")


def my_reading(user):
    """Everything a panel member has been asked to read, with `may_see`: they still sit on the
    item's meeting and have declared no conflict with its review (so its page is open to them)."""
    sits = Q(agenda_item__meeting__chair=user) | Exists(
        MeetingMember.objects.filter(meeting=OuterRef("agenda_item__meeting"), member=user))
    conflicted = Exists(
        ConflictOfInterest.objects.filter(review=OuterRef("agenda_item__submission__review"), member=user))
    return (
        ReaderAssignment.objects.filter(reader=user)
        .select_related("agenda_item__meeting", "agenda_item__submission__review__csp", "assessment")
        .annotate(may_see=ExpressionWrapper(sits & ~conflicted, output_field=BooleanField()))
    )


def reading_now(user):
    """What a panel member is reading for meetings not yet closed: soonest due first."""
    return my_reading(user).exclude(agenda_item__meeting__status=MeetingStatus.CLOSED).order_by(
        "due_on", "agenda_item__meeting__date", "agenda_item__position", "id")


def read_before(user):
    """What a panel member read for meetings now closed: the latest meeting first."""
    return my_reading(user).filter(agenda_item__meeting__status=MeetingStatus.CLOSED).order_by(
        "-agenda_item__meeting__date", "agenda_item__position", "-id")


def conflicts_declared_by(user):
    return ConflictOfInterest.objects.filter(member=user).select_related("review").order_by("-declared_at", "-id")


def readers_of_item(item):
    """The item's readers with their assessments' state, in the order they were asked."""
    return list(item.readers.select_related("reader", "assessment").order_by("assigned_at", "id"))


def undecided_reading(item, user):
    """The user's reading of the item while the Panel has not decided it (a conflict would end it), or None."""
    return item.readers.filter(reader=user, agenda_item__verdict__isnull=True).select_related("assessment").first()


def conflicted_panel_members(review):
    """Active panel members who have declared a conflict with the review: they cannot read it."""
    return list(
        User.objects.filter(role__in=PANEL_ROLES, is_active=True, conflicts__review=review).order_by("full_name", "id")
    )


def readers_and_loads(exclude_ids=()):
    """Active panel members with their current load: reports they are reading whose assessment is not submitted."""
    open_readings = Count(
        "reader_assignments",
        filter=~Q(reader_assignments__assessment__status=AssessmentStatus.SUBMITTED)
        & Q(reader_assignments__agenda_item__verdict__isnull=True),
    )
    return (
        User.objects.filter(role__in=PANEL_ROLES, is_active=True).exclude(pk__in=exclude_ids)
        .annotate(load=open_readings).order_by("full_name")
    )


def meeting_progress(meeting, user):
    """Each item of the meeting in agenda order, with its readers and their assessments' state;
    `submission.review.recusals`, the conflicts its chair or members declared with the review;
    and `viewer_conflicted`, whether `user` declared one."""
    conflicted = Exists(ConflictOfInterest.objects.filter(review=OuterRef("submission__review"), member=user))
    return list(
        meeting.agenda_items.select_related("submission__review__csp")
        .annotate(viewer_conflicted=conflicted)
        .prefetch_related(
            Prefetch("readers", queryset=ReaderAssignment.objects.select_related(
                "reader", "assessment").order_by("reader__full_name", "id")),
            Prefetch("submission__review__conflicts", to_attr="recusals", queryset=ConflictOfInterest.objects.filter(
                Q(member_id=meeting.chair_id) | Q(member__memberships__meeting=meeting),
            ).select_related("member").distinct().order_by("member__full_name", "id")),
        )
        .order_by("position")
    )


def letters_for_user(user):
    letters = Letter.objects.select_related(
        "verdict__agenda_item__meeting__chair",
        "verdict__agenda_item__submission__review__csp",
        "verdict__outcome",
        "signed_by",
        "issued_by",
        "sent_for_signing_by",
    )
    if user.role == Role.SECRETARIAT:
        return letters
    if user.role in PANEL_ROLES:
        return letters.filter(verdict__agenda_item__meeting__in=meetings_for_user(user))
    if user.role == Role.CSP_OFFICER:
        # A CSP sees its letters only once they are issued.
        return letters.filter(status=LetterStatus.ISSUED, verdict__agenda_item__submission__review__csp=user.csp_id)
    return letters.none()


def agenda_items_for_review(review):
    """Every time the review's versions went before a meeting, oldest first."""
    return (
        AgendaItem.objects.filter(submission__review=review)
        .select_related("meeting", "submission").order_by("meeting__date", "id")
    )



def recusals(item):
    """The conflicts declared with the item's review by the meeting's chair or members, for the record."""
    meeting = item.meeting
    return (
        ConflictOfInterest.objects.filter(review_id=item.submission.review_id)
        .filter(Q(member_id=meeting.chair_id) | Q(member__memberships__meeting=meeting))
        .select_related("member").distinct().order_by("member__full_name")
    )


def reader_assignment(user):
    """A reader's own assignments, with what their assessment page shows: the item, its documents, their draft."""
    return (
        ReaderAssignment.objects.filter(reader=user)
        .select_related("agenda_item__meeting", "agenda_item__submission__review__csp", "agenda_item__verdict",
                        "assessment__recommended_outcome")
        .prefetch_related(
            Prefetch("agenda_item__submission__documents", queryset=Document.objects.select_related("stored_file")),
            Prefetch("assessment__judgements", queryset=CriterionJudgement.objects.select_related("criterion")),
            Prefetch("assessment__suggested_issues", queryset=SuggestedIssue.objects.order_by("position")),
        )
    )


def item_for_assessments(user):
    """Agenda items a user may see, with what the side-by-side page names: meeting, review, CSP and verdict."""
    return items_for_user(user).select_related("meeting", "submission__review__csp", "verdict")


def own_assignment(item, user):
    return ReaderAssignment.objects.filter(agenda_item=item, reader=user).first()


def meeting_mode_agenda(meeting, user):
    """The meeting's items in order, each with its verdict and outcome, whether `user` is recused from it,
    whether they read it and have not submitted their own assessment (so may not read the others' yet),
    and whether its letter is signed (a signed letter's verdict no longer changes): one query."""
    recused = ConflictOfInterest.objects.filter(review_id=OuterRef("submission__review_id"), member_id=user.pk)
    own_unsubmitted = ReaderAssignment.objects.filter(agenda_item=OuterRef("pk"), reader_id=user.pk).exclude(
        assessment__status=AssessmentStatus.SUBMITTED)
    signed = Letter.objects.filter(verdict__agenda_item=OuterRef("pk")).exclude(status=LetterStatus.DRAFT)
    return (
        meeting.agenda_items.select_related(
            "submission__review__csp", "verdict__outcome", "verdict__recorded_by", "verdict__confirmed_by")
        .annotate(recused=Exists(recused), own_unsubmitted=Exists(own_unsubmitted), letter_signed=Exists(signed))
        .order_by("position")
    )


def submitted_suggestions(item):
    """The issues the item's readers suggest in their submitted assessments, reader by reader, in order."""
    return (
        SuggestedIssue.objects.filter(assessment__assignment__agenda_item=item,
                                      assessment__status=AssessmentStatus.SUBMITTED)
        .select_related("assessment__assignment__reader")
        .order_by("assessment__assignment__assigned_at", "assessment__assignment_id", "position")
    )


def load_verdict_summary(verdict):
    """What templates/panel/includes/verdict_summary.html reads of `verdict`: three queries."""
    prefetch_related_objects([verdict], "issues", Prefetch(
        "national_responses", queryset=NationalRecommendationResponse.objects.prefetch_related("recommendations")))
    return verdict


def letters_to_sign(user):
    """Letters waiting for `user`'s signature as chair of their meeting (not those they are recused from), oldest first."""
    recused = ConflictOfInterest.objects.filter(review_id=OuterRef("verdict__agenda_item__submission__review_id"),
                                                member_id=user.pk)
    return (
        letters_for_user(user).filter(status=LetterStatus.AWAITING_SIGNATURE, verdict__agenda_item__meeting__chair=user)
        .exclude(Exists(recused)).order_by("sent_for_signing_at", "id")
    )


def routed_for_user(user):
    """The routed national recommendations `user` may see: all for the secretariat, their body's for a responder."""
    routed = RoutedRecommendation.objects.select_related("review", "csp")
    if user.role == Role.SECRETARIAT:
        return routed
    if user.role == Role.RESPONDER and user.national_body:
        return routed.filter(body=user.national_body)
    return routed.none()


def routed_history_for_user(user, routed):
    """[(step, note shown)] of a routed recommendation's history, oldest first, that `user` may read.

    The secretariat reads every step. A body's responders read only the steps since it was sent to their body:
    what the body it was routed to before did and who did it, and the secretariat's reasons for re-routing it,
    are not theirs to read (the re-routing shows as its routing to them).
    """
    steps = list(routed.moves.select_related("moved_by"))
    if user.role == Role.SECRETARIAT:
        return [(step, step.note) for step in steps]
    start = max((at for at, step in enumerate(steps) if step.kind in NATIONAL_SENDING_KINDS), default=0)
    return [(step, f"Routed to {routed.body_name}" if step.kind == NationalMoveKind.REROUTED else step.note)
            for step in steps[start:]]


def routed_for_csp_review(user, review):
    """What the bodies did with the review's national recommendations, for its CSP's officers and the secretariat.

    A CSP hears nothing of a verdict before its letter is issued: only recommendations whose verdict has an
    issued letter are shown to its officers. What the Panel withdrew from a body (it changed the verdict to
    name another) was never the Panel's last word: left out.
    """
    routed = (RoutedRecommendation.objects.filter(review=review).exclude(status=NationalStatus.WITHDRAWN)
              .order_by("verdict_id", "recommendation__position", "body", "id"))
    if user.role == Role.SECRETARIAT:
        return routed
    if user.role == Role.CSP_OFFICER and review.csp_id == user.csp_id:
        issued = Letter.objects.filter(verdict=OuterRef("verdict"), status=LetterStatus.ISSUED)
        return routed.filter(Exists(issued))
    return routed.none()
