from django.conf import settings
from django.db import models

from dhrqa import clock
from submissions.enums import (
    AgeBand,
    CaseKind,
    DeathType,
    Ethnicity,
    PersonRole,
    PoliceForceArea,
    Relationship,
    ReviewType,
    Sex,
)


class Review(models.Model):
    """One Domestic Homicide Review, or a CSP's decision not to hold one, as its CSP registered it."""

    # Assigned by the system (see submissions.references) and shown everywhere.
    reference = models.CharField(max_length=40, unique=True)
    reference_year = models.PositiveSmallIntegerField()
    reference_number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=CaseKind.choices, default=CaseKind.REVIEW)
    csp = models.ForeignKey(
        "dhrqa.CommunitySafetyPartnership", on_delete=models.PROTECT, related_name="reviews",
        verbose_name="Community Safety Partnership",
    )
    review_type = models.CharField(max_length=20, choices=ReviewType.choices, blank=True)
    death_type = models.CharField(max_length=20, choices=DeathType.choices)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    police_force_area = models.CharField(max_length=30, choices=PoliceForceArea.choices)
    date_of_death = models.DateField()
    date_csp_notified = models.DateField()
    # The date the CSP decided to hold the review (or decided not to).
    date_decided = models.DateField()
    date_home_office_notified = models.DateField(null=True, blank=True)
    independent_chair_name = models.CharField(max_length=200, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    # For a decision not to review: why the CSP decided so.
    decision_reasons = models.TextField(blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["csp", "reference_year", "reference_number"], name="one_reference_number_per_csp_year"
            ),
            models.CheckConstraint(
                name="a_review_has_a_review_type",
                condition=~models.Q(kind=CaseKind.REVIEW) | ~models.Q(review_type=""),
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_review(self):
        return self.kind == CaseKind.REVIEW

    # The people, read from `people.all()` so that a prefetch serves them.
    def _pseudonyms(self, role):
        return [person.pseudonym for person in self.people.all() if person.role == role]

    @property
    def victim_pseudonyms(self):
        return self._pseudonyms(PersonRole.VICTIM)

    @property
    def perpetrator_pseudonyms(self):
        return self._pseudonyms(PersonRole.PERPETRATOR)

    @property
    def victim_pseudonym(self):
        """The victims' pseudonyms as one phrase: "Louise", "Louise and Amy"."""
        return join_names(self.victim_pseudonyms)

    @property
    def perpetrator_pseudonym(self):
        return join_names(self.perpetrator_pseudonyms)


def join_names(names):
    """ "Louise", "Louise and Amy", "Louise, Amy and Jo": pseudonyms as the pages write them."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class ReviewPerson(models.Model):
    """A victim or perpetrator, by pseudonym only, with what the DHR library can filter on."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    position = models.PositiveSmallIntegerField()
    pseudonym = models.CharField(max_length=100)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices, blank=True)

    class Meta:
        # Victims first: "victim" sorts after "perpetrator".
        ordering = ["review", "-role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "role", "position"], name="one_person_per_role_position"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.pseudonym}"
