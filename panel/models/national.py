from django.conf import settings
from django.db import models

from dhrqa import clock
from dhrqa.enums import NationalBody
from panel.enums import AWAITING_ANSWER, NATIONAL_STATUS_COLOURS, NationalMoveKind, NationalStatus


class RoutedRecommendation(models.Model):
    """One national recommendation, routed to one body when its verdict was confirmed, and what the body did.

    The recommendation's words, its number and the Panel's response are copied when it is routed: what the
    body was sent stays as sent, whatever happens to the version or the verdict afterwards.
    """

    recommendation = models.ForeignKey("submissions.Recommendation", on_delete=models.PROTECT,
                                       related_name="routings")
    verdict = models.ForeignKey("panel.Verdict", on_delete=models.PROTECT, related_name="routed_recommendations")
    review = models.ForeignKey("submissions.Review", on_delete=models.PROTECT, related_name="routed_recommendations")
    csp = models.ForeignKey("dhrqa.CommunitySafetyPartnership", on_delete=models.PROTECT,
                            related_name="routed_recommendations")
    # Where it is now: the secretariat may re-route it.
    body = models.CharField(max_length=30, choices=NationalBody.choices)
    body_other = models.CharField(max_length=200, blank=True)
    # Where the Panel's response routed it, whatever the re-routing since: changing the verdict finds it by these.
    routed_as_body = models.CharField(max_length=30, choices=NationalBody.choices)
    routed_as_other = models.CharField(max_length=200, blank=True)
    number = models.CharField(max_length=20)
    text = models.TextField()
    panel_response = models.TextField()
    status = models.CharField(max_length=20, choices=NationalStatus.choices, default=NationalStatus.SENT)
    sent_on = models.DateField()
    # The body's answer (accepted or declined) is due by then: DHRQA_NATIONAL_RESPONSE_DAYS after sent_on.
    due_on = models.DateField()
    # Why the body declined it: required to decline.
    decline_reason = models.TextField(blank=True)
    chasers_sent = models.PositiveIntegerField(default=0)
    last_chased_at = models.DateTimeField(null=True, blank=True)
    # Each move adds one: a form filled in at an older revision is refused (two responders cannot cross).
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            # Routing twice (confirming again, a re-run) adds nothing.
            models.UniqueConstraint(fields=["recommendation", "body", "body_other"], name="routed_once_per_body"),
            models.UniqueConstraint(fields=["recommendation", "routed_as_body", "routed_as_other"],
                                    name="routed_once_as_the_panel_said"),
            models.CheckConstraint(name="routed_other_body_is_named",
                                   condition=~models.Q(body=NationalBody.OTHER) | ~models.Q(body_other="")),
            models.CheckConstraint(name="declined_says_why",
                                   condition=~models.Q(status=NationalStatus.DECLINED) | ~models.Q(decline_reason="")),
        ]
        indexes = [models.Index(fields=["body", "status", "due_on"], name="routed_body_status_due")]

    def __str__(self):
        return f"Recommendation {self.number} of {self.review.reference if self.review_id else '?'} to {self.body_name}"

    @property
    def body_name(self):
        return self.body_other if self.body == NationalBody.OTHER else NationalBody(self.body).label

    def is_overdue(self, today=None):
        return self.status in AWAITING_ANSWER and self.due_on < (today or clock.today())

    @property
    def status_colour(self):
        return NATIONAL_STATUS_COLOURS[self.status]


class RoutedRecommendationMove(models.Model):
    """One step in a routed recommendation's history: who moved it, when, from and to which status, and why."""

    routed = models.ForeignKey(RoutedRecommendation, on_delete=models.CASCADE, related_name="moves")
    kind = models.CharField(max_length=20, choices=NationalMoveKind.choices)
    # Blank for the routing itself.
    from_status = models.CharField(max_length=20, choices=NationalStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=NationalStatus.choices)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    moved_at = models.DateTimeField(default=clock.now)
    note = models.TextField(blank=True)

    class Meta:
        # In the order they happened: each row is added as its step is taken.
        ordering = ["routed", "id"]

    def __str__(self):
        return f"{self.from_status or 'routed'} -> {self.to_status}"
