from django.conf import settings
from django.db import models

from dhrqa import clock

from panel.enums import Outcome, OutcomeEra


class Verdict(models.Model):
    """What the Panel decided about one agenda item."""

    agenda_item = models.OneToOneField("panel.AgendaItem", on_delete=models.PROTECT, related_name="verdict")
    era = models.CharField(max_length=20, choices=OutcomeEra.choices)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    # Written as it will read in the letter.
    commendation = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.agenda_item.submission}"


class VerdictIssue(models.Model):
    """An issue the CSP should consider, exactly as the chair wrote it."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="issues")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["verdict", "position"]
        constraints = [
            models.UniqueConstraint(fields=["verdict", "position"], name="one_issue_per_position"),
        ]

    def __str__(self):
        return self.text[:80]


class NationalRecommendationResponse(models.Model):
    """The Panel's answer to one or more recommendations of national relevance."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="national_responses")
    position = models.PositiveSmallIntegerField()
    # The action plan's numbers this answer covers, e.g. [5, 6, 8].
    recommendation_numbers = models.JSONField()
    text = models.TextField(help_text="Paragraphs separated by a blank line")

    class Meta:
        ordering = ["verdict", "position"]
        constraints = [
            models.UniqueConstraint(fields=["verdict", "position"], name="one_response_per_position"),
        ]

    def __str__(self):
        numbers = [str(number) for number in self.recommendation_numbers]
        if len(numbers) == 1:
            return f"Recommendation {numbers[0]}"
        return f"Recommendations {', '.join(numbers[:-1])} and {numbers[-1]}"
