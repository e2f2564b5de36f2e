from django.conf import settings
from django.db import models

from dhrqa import clock
from submissions.enums import DocumentKind, PrescreenStatus
from submissions.prescreen.findings import Check


class LexiconEntry(models.Model):
    """A phrase the language check flags, with why and what to write instead; the secretariat edits them."""

    # "..." stands for up to three words: "volatile ... relationship".
    phrase = models.CharField(max_length=100)
    inflect = models.BooleanField(default=False, help_text="Also find its simple inflections")
    reason = models.TextField()
    better = models.TextField()
    retired_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["phrase", "id"]
        constraints = [
            models.UniqueConstraint(models.functions.Lower("phrase"), condition=models.Q(retired_at__isnull=True),
                                    name="one_lexicon_entry_per_phrase"),
        ]

    def __str__(self):
        return self.phrase


class Prescreen(models.Model):
    """Where the pre-screen of one version has got to, and what its findings were computed from."""

    submission = models.OneToOneField("submissions.Submission", on_delete=models.CASCADE, related_name="prescreen")
    # Where it has got to (a PrescreenStatus); not "status", which names a submission's state in this app.
    progress = models.CharField(max_length=20, choices=PrescreenStatus.choices, default=PrescreenStatus.QUEUED)
    # A hash of the texts, the action plan, the pseudonyms and the lexicon the findings came from.
    inputs = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(default=clock.now)
    checked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Pre-screen of {self.submission_id}: {self.progress}"


class PrescreenFinding(models.Model):
    """One finding of the pre-screen of a version, and whether its CSP considered it."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE,
                                   related_name="prescreen_findings")
    position = models.PositiveIntegerField()
    check_name = models.CharField("check", max_length=20, choices=Check.choices)
    document_kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    document_name = models.CharField(max_length=255)
    page = models.PositiveIntegerField(null=True, blank=True)
    paragraph = models.CharField(max_length=20, blank=True)
    quote = models.TextField(blank=True)
    message = models.TextField()
    rule = models.CharField(max_length=120, blank=True)
    # The same finding in a recomputation has the same key, so "considered" survives it.
    key = models.CharField(max_length=64)
    considered_reason = models.TextField(blank=True)
    considered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    considered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "key"], name="one_prescreen_finding_per_key"),
            models.CheckConstraint(
                name="considered_finding_has_reason",
                condition=models.Q(considered_at__isnull=True) | ~models.Q(considered_reason=""),
            ),
        ]

    def __str__(self):
        return f"{self.get_check_name_display()}: {self.document_name}"

    @property
    def is_open(self):
        return self.considered_at is None

    @property
    def where(self):
        """ "Overview report, page 4, paragraph 5.12" as far as the report says."""
        parts = [self.get_document_kind_display()]
        if self.page:
            parts.append(f"page {self.page}")
        if self.paragraph:
            parts.append(f"paragraph {self.paragraph}")
        return ", ".join(parts)
