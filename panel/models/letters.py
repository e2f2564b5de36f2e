import uuid

from django.conf import settings
from django.db import models

from panel.enums import LetterStatus, RenderStatus
from dhrqa import clock
from dhrqa.storage import private_storage


class LetterTemplate(models.Model):
    """The standard wording of a letter for one outcome set, held as data and versioned.

    Each paragraph is a Django template string; `compose_letter` fills it in
    from the verdict and freezes the result in the letter's content.
    """

    outcome_set = models.ForeignKey("panel.OutcomeSet", on_delete=models.PROTECT, related_name="letter_templates")
    version = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    paragraphs = models.JSONField(help_text="Template strings keyed by the part of the letter they fill")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["outcome_set", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["outcome_set", "version"], name="one_template_per_set_version"),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"


def letter_path(letter, filename):
    return f"letters/{uuid.uuid4().hex}.pdf"


class Letter(models.Model):
    """A feedback letter for one verdict. Frozen once signed."""

    verdict = models.ForeignKey("panel.Verdict", on_delete=models.PROTECT, related_name="letters")
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    status = models.CharField(max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    # Everything the letter says, composed from the verdict and template.
    content = models.JSONField()
    letter_date = models.DateField()

    render_status = models.CharField(max_length=20, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    render_error = models.TextField(blank=True)
    draft_pdf = models.FileField(storage=private_storage, upload_to=letter_path, blank=True, max_length=200)
    signed_pdf = models.FileField(storage=private_storage, upload_to=letter_path, blank=True, max_length=200)
    signed_pdf_sha256 = models.CharField(max_length=64, blank=True)

    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(default=clock.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-drafted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="signed_letter_has_pdf_and_hash",
                condition=models.Q(status=LetterStatus.DRAFT)
                | (~models.Q(signed_pdf="") & ~models.Q(signed_pdf_sha256="") & models.Q(signed_at__isnull=False)),
            ),
            # A verdict gets one signed letter; corrections will supersede it explicitly.
            models.UniqueConstraint(
                fields=["verdict"], condition=~models.Q(status=LetterStatus.DRAFT),
                name="one_signed_letter_per_verdict",
            ),
            models.CheckConstraint(
                name="issued_letter_has_issue_time",
                condition=~models.Q(status=LetterStatus.ISSUED) | models.Q(issued_at__isnull=False),
            ),
        ]

    def __str__(self):
        # From the frozen content, so naming a letter costs no queries.
        return f"Letter for {self.content.get('reference', 'a review')}"

    @property
    def is_frozen(self):
        return self.status != LetterStatus.DRAFT

    @property
    def pdf(self):
        """The file a download sends: the signed PDF once signed, the draft before (empty until rendered)."""
        return self.signed_pdf if self.is_frozen else self.draft_pdf

    @property
    def download_name(self):
        reference = self.content.get("reference", "review")
        suffix = "signed" if self.is_frozen else "draft"
        return f"{reference}-qa-panel-letter-{suffix}.pdf"
