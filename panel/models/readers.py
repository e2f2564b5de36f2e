from django.conf import settings
from django.db import models

from dhrqa import clock
from panel.enums import ASSESSMENT_STATUS_COLOURS, AssessmentStatus, ConflictKind


class ConflictOfInterest(models.Model):
    """A panel member's declared conflict with a review: it hides the review from them."""

    review = models.ForeignKey("submissions.Review", on_delete=models.PROTECT, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts")
    kind = models.CharField(max_length=20, choices=ConflictKind.choices)
    reason = models.TextField()
    declared_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["review", "declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["review", "member"], name="one_conflict_per_member_and_review"),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_kind_display().lower()} conflict"


class ReaderAssignment(models.Model):
    """A panel member asked to read one agenda item's report and assess it before the meeting."""

    agenda_item = models.ForeignKey("panel.AgendaItem", on_delete=models.CASCADE, related_name="readers")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reader_assignments")
    due_on = models.DateField()
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=clock.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agenda_item", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "reader"], name="reader_once_per_item"),
        ]

    def __str__(self):
        return f"{self.reader} reading {self.agenda_item}"

    @property
    def assessment_or_none(self):
        try:
            return self.assessment
        except Assessment.DoesNotExist:
            return None

    @property
    def assessment_status(self):
        assessment = self.assessment_or_none
        return assessment.status if assessment else AssessmentStatus.NOT_STARTED

    @property
    def assessment_status_label(self):
        return AssessmentStatus(self.assessment_status).label

    @property
    def assessment_status_colour(self):
        return ASSESSMENT_STATUS_COLOURS[self.assessment_status]

    def is_overdue(self, today):
        return self.assessment_status != AssessmentStatus.SUBMITTED and self.due_on < today


class Assessment(models.Model):
    """One reader's assessment of one report: a draft until they submit it."""

    assignment = models.OneToOneField(ReaderAssignment, on_delete=models.CASCADE, related_name="assessment")
    status = models.CharField(max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    strengths = models.TextField(blank=True)
    recommended_outcome = models.ForeignKey(
        "panel.Outcome", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=clock.now)
    saved_at = models.DateTimeField(default=clock.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # How many times it has been saved: a form filled in from an older revision is refused, not saved over it.
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="assessment_is_draft_or_submitted",
                condition=models.Q(status__in=[AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED]),
            ),
            models.CheckConstraint(
                name="submitted_assessment_is_complete",
                condition=~models.Q(status=AssessmentStatus.SUBMITTED)
                | models.Q(submitted_at__isnull=False, recommended_outcome__isnull=False),
            ),
        ]

    def __str__(self):
        return f"Assessment by {self.assignment.reader}"

    @property
    def is_submitted(self):
        return self.status == AssessmentStatus.SUBMITTED


class CriterionJudgement(models.Model):
    """A reader's judgement of one report against one criterion, with their comment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="judgements")
    criterion = models.ForeignKey("panel.Criterion", on_delete=models.PROTECT, related_name="judgements")
    # One of the criterion's judgement_options when chosen, kept as the text chosen.
    judgement = models.CharField(max_length=100, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_judgement_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.judgement or 'no judgement'}"


class SuggestedIssue(models.Model):
    """An issue a reader suggests the letter raises, optionally citing where, e.g. "Executive Summary 5.12"."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="suggested_issues")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    citation = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "position"], name="one_suggestion_per_position"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def as_letter_text(self):
        """How the issue would read in the letter: the place it cites, then the issue."""
        return f"{self.citation}: {self.text}" if self.citation else self.text
