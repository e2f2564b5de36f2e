from django.conf import settings
from django.db import models

from dhrqa import clock
from panel.enums import AGENDA_OPEN, MEETING_STATUS_COLOURS, PAPERS_OUT, AgendaItemStatus, MeetingStatus


class Meeting(models.Model):
    """A sitting of the QA Panel: its chair, its members and its agenda."""

    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True, help_text="The room and building")
    video_link = models.URLField(max_length=500, blank=True)
    # The most items the agenda takes.
    capacity = models.PositiveSmallIntegerField(default=10)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_meetings")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="panel.MeetingMember", related_name="meetings_invited_to",
        through_fields=("meeting", "member"),
    )
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    papers_released_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The item meeting mode shows; the chair moves it on.
    current_item = models.ForeignKey(
        "panel.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the automatic reminder went to readers with assessments outstanding.
    readers_reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            # Members may open a meeting's documents from the moment its papers are released.
            models.CheckConstraint(
                name="released_papers_have_a_time",
                condition=models.Q(status=MeetingStatus.PLANNED, papers_released_at__isnull=True)
                | (~models.Q(status=MeetingStatus.PLANNED) & models.Q(papers_released_at__isnull=False)),
            ),
        ]
        indexes = [models.Index(fields=["status", "date"], name="meeting_status_date")]

    def __str__(self):
        return f"QA Panel meeting, {self.date:%-d %B %Y}"

    @property
    def status_colour(self):
        return MEETING_STATUS_COLOURS[self.status]

    @property
    def agenda_is_open(self):
        return self.status in AGENDA_OPEN

    @property
    def papers_are_out(self):
        return self.status in PAPERS_OUT


class MeetingMember(models.Model):
    """A panel member invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=clock.now)
    # None until attendance is recorded on the day.
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="member_once_per_meeting"),
        ]

    def __str__(self):
        return f"{self.member} at {self.meeting}"


class AgendaItem(models.Model):
    """A submission put before a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=AgendaItemStatus.choices, default=AgendaItemStatus.SCHEDULED)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position"),
            # A version goes before one meeting at a time: moving an item moves it.
            models.UniqueConstraint(fields=["submission"], name="one_agenda_item_per_version"),
        ]

    def __str__(self):
        return f"{self.meeting}: item {self.position}"
