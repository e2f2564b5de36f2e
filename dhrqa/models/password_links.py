from django.conf import settings
from django.db import models

from dhrqa import clock
from dhrqa.enums import LinkPurpose


class PasswordLink(models.Model):
    """A link, sent by e-mail, that lets one person choose their password once: an invitation or a reset.

    Only the SHA-256 of the link's token is kept, so nobody who reads the
    database, the audit trail or a page can use a link. A link works until it
    expires, is used, or is replaced by a newer one (`ended_at`).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_links")
    purpose = models.CharField(max_length=20, choices=LinkPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # A newer link of the same person replaced it, or their password was chosen through another link.
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose"], name="password_link_user_purpose")]

    def __str__(self):
        return f"{self.get_purpose_display()} for {self.user}"

    @property
    def works(self):
        return self.used_at is None and self.ended_at is None and clock.now() < self.expires_at
