from django.db import models

from submissions.enums import NationalBody, RecommendationScope


class Recommendation(models.Model):
    """One row of a version's action plan: a recommendation and what is to be done about it."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="recommendations"
    )
    position = models.PositiveSmallIntegerField()
    # As the action plan numbers it: "3", "3.1", "R4".
    number = models.CharField(max_length=20)
    text = models.TextField()
    scope = models.CharField(max_length=20, choices=RecommendationScope.choices)
    national_body = models.CharField(max_length=30, choices=NationalBody.choices, blank=True)
    national_body_other = models.CharField(max_length=200, blank=True)
    lead_agency = models.CharField(max_length=200, blank=True)
    action = models.TextField(blank=True)
    target_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "position"], name="one_recommendation_per_position"),
            models.UniqueConstraint(fields=["submission", "number"], name="recommendation_numbers_unique"),
            models.CheckConstraint(
                name="national_recommendation_names_its_body",
                condition=(models.Q(scope=RecommendationScope.NATIONAL) & ~models.Q(national_body=""))
                | (~models.Q(scope=RecommendationScope.NATIONAL) & models.Q(national_body="")),
            ),
            models.CheckConstraint(
                name="other_national_body_is_named",
                condition=~models.Q(national_body=NationalBody.OTHER) | ~models.Q(national_body_other=""),
            ),
        ]

    def __str__(self):
        return f"Recommendation {self.number}"

    @property
    def addressed_to(self):
        """The national body as people name it, or "" for a local or regional one."""
        if self.national_body == NationalBody.OTHER:
            return self.national_body_other
        return self.get_national_body_display() if self.national_body else ""
