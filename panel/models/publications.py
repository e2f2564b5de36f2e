from django.conf import settings
from django.db import models

from dhrqa import clock


class Publication(models.Model):
    """Where and when a CSP published a report the Panel approved, as the CSP recorded it.

    One a review: recording it again corrects it (panel.services.publications),
    and each recording is in the audit trail.
    """

    review = models.OneToOneField("submissions.Review", on_delete=models.PROTECT, related_name="publication")
    url = models.URLField("Web address", max_length=500)
    published_on = models.DateField("Date published")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.CheckConstraint(name="publication_url_is_https", condition=models.Q(url__startswith="https://")),
        ]

    def __str__(self):
        return f"Publication of {self.review_id}"
