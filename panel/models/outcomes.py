from django.db import models

from submissions.enums import CaseKind


class OutcomeSet(models.Model):
    """The verdicts the Panel chooses from for one kind of case, from a date on.

    The set in force for an agenda item is the newest for its kind of case
    that was in force on the meeting's date (panel.outcomes.outcome_set_in_force).
    """

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    case_kind = models.CharField(max_length=30, choices=CaseKind.choices)
    in_force_from = models.DateField()

    class Meta:
        ordering = ["case_kind", "-in_force_from"]
        constraints = [
            models.UniqueConstraint(fields=["case_kind", "in_force_from"], name="one_outcome_set_per_kind_and_date"),
        ]

    def __str__(self):
        return self.name


class Outcome(models.Model):
    """One verdict of an outcome set, such as "Publish after changes"."""

    outcome_set = models.ForeignKey(OutcomeSet, on_delete=models.PROTECT, related_name="outcomes")
    # Letter templates key their wording by this code.
    code = models.SlugField(max_length=50)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    # After this verdict the CSP sends the Panel a new version answering its issues.
    needs_new_version = models.BooleanField(default=False)

    class Meta:
        ordering = ["outcome_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["outcome_set", "code"], name="outcome_code_unique_in_set"),
            models.UniqueConstraint(fields=["outcome_set", "position"], name="outcome_position_unique_in_set"),
        ]

    def __str__(self):
        return self.label
