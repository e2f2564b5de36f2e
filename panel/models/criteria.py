from django.db import models

from dhrqa import clock
from panel.enums import CriterionScope


class Criterion(models.Model):
    """One heading of the Home Office's criteria, which readers judge each report against.

    Data the secretariat edits. A criterion no longer used is retired, not
    deleted: assessments made against it keep it.
    """

    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    guidance = models.TextField(blank=True, help_text="What the Panel looks for")
    # The judgements a reader chooses from, in order, e.g. ["Adequate", "Inadequate"].
    judgement_options = models.JSONField()
    applies_to = models.CharField(max_length=30, choices=CriterionScope.choices, default=CriterionScope.ALL)
    is_active = models.BooleanField(default=True)
    changed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "criteria"

    def __str__(self):
        return self.heading

    def applies_to_case(self, case_kind):
        return self.applies_to in (CriterionScope.ALL, case_kind)
