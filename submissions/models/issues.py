from django.conf import settings
from django.db import models

from dhrqa import clock
from submissions.enums import IssueSource


class RaisedIssue(models.Model):
    """Something the secretariat or the Panel asked the CSP to address in its next version."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="raised_issues"
    )
    source = models.CharField(max_length=10, choices=IssueSource.choices)
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    raised_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["submission", "source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "source", "position"], name="one_raised_issue_per_position"),
        ]

    def __str__(self):
        return self.text[:80]


class IssueResponse(models.Model):
    """The CSP's answer, in a later version, to one raised issue."""

    issue = models.ForeignKey(RaisedIssue, on_delete=models.PROTECT, related_name="responses")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="issue_responses"
    )
    text = models.TextField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["submission", "issue__source", "issue__position"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "submission"], name="one_response_per_issue_and_version"),
        ]

    def __str__(self):
        return self.text[:80]
