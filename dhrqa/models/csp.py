from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper

# Letters, digits and single hyphens: a code goes into references and URLs as it is, upper-cased.
CODE_VALIDATOR = RegexValidator(
    r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "Enter a code of lower-case letters and digits, with single hyphens between words, like north-kent",
)


class CommunitySafetyPartnership(models.Model):
    """A CSP, and the contact its Panel letters are addressed to."""

    name = models.CharField(max_length=200, unique=True)
    # Short code used, upper-cased, in review references: "kent" -> KENT-2026-01.
    code = models.SlugField(max_length=20, unique=True, validators=[CODE_VALIDATOR])
    # How letters name the area: "the DHR report from Kent".
    area_name = models.CharField(max_length=200)

    contact_name = models.CharField(max_length=200)
    contact_title = models.CharField(max_length=200, blank=True)
    contact_organisation = models.CharField(max_length=200, blank=True)
    contact_address = models.TextField(help_text="One line of the address per line")
    # "Mr Hill" in "Dear Mr Hill,".
    contact_salutation = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = "Community Safety Partnership"
        constraints = [
            # References upper-case the code, so "kent" and "KENT" would collide.
            models.UniqueConstraint(Upper("code"), name="csp_code_unique_in_any_case"),
        ]

    def __str__(self):
        return self.name

    @property
    def contact_address_lines(self):
        return [line.strip() for line in self.contact_address.splitlines() if line.strip()]
