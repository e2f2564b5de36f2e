from django.conf import settings
from django.db import models

from submissions.enums import SUBMISSION_STATUS_COLOURS, SubmissionStatus


class Review(models.Model):
    """One Domestic Homicide Review, as registered by its CSP."""

    reference = models.CharField(max_length=40, unique=True)
    csp = models.ForeignKey(
        "submissions.CommunitySafetyPartnership", on_delete=models.PROTECT, related_name="reviews",
        verbose_name="Community Safety Partnership",
    )
    victim_pseudonym = models.CharField(max_length=100)
    perpetrator_pseudonym = models.CharField(max_length=100)
    date_of_death = models.DateField()
    independent_chair_name = models.CharField(max_length=200)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registered_at", "-id"]

    def __str__(self):
        return f"{self.reference} ({self.victim_pseudonym})"


class Submission(models.Model):
    """One sending of a review's documents to the Panel. Resubmissions add another."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=SubmissionStatus.choices)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_submission_per_number"),
        ]

    def __str__(self):
        return f"{self.review.reference} submission {self.number}"

    @property
    def status_colour(self):
        return SUBMISSION_STATUS_COLOURS[self.status]
