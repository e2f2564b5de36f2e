import pgtrigger
from django.conf import settings
from django.db import models

from dhrqa import clock
from dhrqa.enums import AuditAction


class AuditEvent(models.Model):
    """Who did what to which object, and when.

    Rows are only ever added: a database trigger refuses UPDATE and DELETE,
    whoever asks, the application's own code included.
    """

    at = models.DateTimeField(default=clock.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    # The object acted on, by model label and primary key, so that an event
    # outlives any refactoring of foreign keys.
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    # The review the event belongs to, by reference: a review's whole
    # history is one indexed query.
    review_reference = models.CharField(max_length=40, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["review_reference", "action", "at"], name="audit_review_action_at"),
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["at"], name="audit_at"),
        ]
        triggers = [
            pgtrigger.Protect(name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.object_repr}"
