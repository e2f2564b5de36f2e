from django.conf import settings
from django.db import models

from dhrqa import clock
from panel.enums import VerdictStatus
from submissions.enums import NationalBody
from submissions.models.reviews import join_names


class Verdict(models.Model):
    """What the Panel decided about one agenda item: pending until the chair confirms it."""

    agenda_item = models.OneToOneField("panel.AgendaItem", on_delete=models.PROTECT, related_name="verdict")
    outcome = models.ForeignKey("panel.Outcome", on_delete=models.PROTECT, related_name="verdicts")
    status = models.CharField(max_length=20, choices=VerdictStatus.choices, default=VerdictStatus.PENDING)
    # The report's strengths or the Panel's commendation, written as it will read in the letter.
    commendation = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # How many times it has been saved: each change after confirming is in the audit trail.
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="confirmed_verdict_says_by_whom",
                condition=models.Q(status=VerdictStatus.PENDING)
                | models.Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
            ),
        ]

    def __str__(self):
        # The outcome must be loaded already (select_related) where lists name verdicts.
        return f"{self.outcome.label}: {self.agenda_item.submission}"

    @property
    def is_confirmed(self):
        return self.status == VerdictStatus.CONFIRMED


class VerdictIssue(models.Model):
    """An issue the letter asks the CSP to address, exactly as the chair wrote it."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="issues")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    # The reader's suggestion it was picked from, if any.
    suggestion = models.ForeignKey(
        "panel.SuggestedIssue", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["verdict", "position"]
        constraints = [
            models.UniqueConstraint(fields=["verdict", "position"], name="one_issue_per_position"),
        ]

    def __str__(self):
        return self.text[:80]


class NationalRecommendationResponse(models.Model):
    """The Panel's answer to one or more of the submission's national recommendations, and where it goes."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="national_responses")
    position = models.PositiveSmallIntegerField()
    recommendations = models.ManyToManyField("submissions.Recommendation", related_name="panel_responses")
    # The body the recommendation is routed to, which may differ from the one the CSP named.
    routed_to = models.CharField(max_length=30, choices=NationalBody.choices)
    routed_to_other = models.CharField(max_length=200, blank=True)
    text = models.TextField(help_text="Paragraphs separated by a blank line")

    class Meta:
        ordering = ["verdict", "position"]
        constraints = [
            models.UniqueConstraint(fields=["verdict", "position"], name="one_response_per_position"),
            models.CheckConstraint(
                name="response_other_body_is_named",
                condition=~models.Q(routed_to=NationalBody.OTHER) | ~models.Q(routed_to_other=""),
            ),
        ]

    def __str__(self):
        """ "Recommendation 3", "Recommendations 5, 6 and 8" (from a prefetch where there is one)."""
        numbers = self.recommendation_numbers()
        return f"Recommendation{'s' if len(numbers) != 1 else ''} {join_names(numbers)}"

    @property
    def routed_to_name(self):
        if self.routed_to == NationalBody.OTHER:
            return self.routed_to_other
        return self.get_routed_to_display()

    def recommendation_numbers(self):
        """The action plan's numbers this answers, in the plan's order (from a prefetch where there is one)."""
        return [rec.number for rec in sorted(self.recommendations.all(), key=lambda rec: rec.position)]
