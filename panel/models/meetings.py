from django.conf import settings
from django.db import models

from dhrqa import clock


class Meeting(models.Model):
    """A sitting of the QA Panel, chaired by one person."""

    date = models.DateField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_meetings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"QA Panel meeting, {self.date:%-d %B %Y}"


class AgendaItem(models.Model):
    """A submission put before a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField()
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "submission"], name="submission_once_per_meeting"),
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position"),
        ]

    def __str__(self):
        return f"{self.meeting}: item {self.position}"
