from django.conf import settings
from django.db import models

from dhrqa import clock
from submissions.enums import (
    CSP_STATUS_LABELS,
    SUBMISSION_STATUS_COLOURS,
    IntakeCheck,
    SubmissionStatus,
)

# Statuses in which a review's version is still in play; a review has at most one.
OPEN_STATUSES = [
    SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED,
    SubmissionStatus.SCHEDULED, SubmissionStatus.DECIDED,
]


class Submission(models.Model):
    """One version of a review as sent to the Panel. Frozen from the moment it is submitted.

    Version 1 is the first sending; each return or request for changes is
    answered by a new version, never by editing an old one.
    """

    review = models.ForeignKey("submissions.Review", on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    status_changed_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    declaration_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    declaration_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    # The review's particulars (see submissions.review_details): on a draft, the
    # changes it will send, or None; on a sent version, what it was sent with.
    details = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["review", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_submission_per_number"),
            models.UniqueConstraint(
                fields=["review"], condition=models.Q(status__in=OPEN_STATUSES), name="one_open_submission_per_review"
            ),
            models.CheckConstraint(
                name="sent_submission_has_sender",
                condition=models.Q(status=SubmissionStatus.DRAFT)
                | models.Q(submitted_at__isnull=False, submitted_by__isnull=False, declaration_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="submission_status_submitted"),
            models.Index(fields=["submitted_at", "id"], name="submission_submitted_id"),
        ]

    def __str__(self):
        return f"{self.review.reference} version {self.number}"

    @property
    def is_draft(self):
        return self.status == SubmissionStatus.DRAFT

    @property
    def status_colour(self):
        return SUBMISSION_STATUS_COLOURS[self.status]

    @property
    def csp_status_label(self):
        return CSP_STATUS_LABELS[self.status][0]

    @property
    def csp_status_colour(self):
        return CSP_STATUS_LABELS[self.status][1]


class IntakeDecision(models.Model):
    """The secretariat's completeness check of one submitted version, and what it decided."""

    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="intake")
    # {IntakeCheck value: True/False} as ticked.
    checklist = models.JSONField()
    accepted = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=clock.now)

    def __str__(self):
        return f"{self.submission}: {'accepted' if self.accepted else 'returned'}"

    @property
    def checks(self):
        """(label, ticked) for every item of the checklist, in the checklist's order."""
        return [(check.label, bool(self.checklist.get(check.value))) for check in IntakeCheck]
