import uuid

import pgtrigger
from django.conf import settings
from django.db import models

from dhrqa import clock
from dhrqa.storage import private_storage
from panel.composition import content_digest
from panel.enums import (
    LETTER_STATUS_COLOURS,
    LIVE_LETTER_STATUSES,
    OPEN_LETTER_STATUSES,
    SEALED_LETTER_STATUSES,
    LetterLogo,
    LetterStatus,
    RenderStatus,
)


class LetterTemplate(models.Model):
    """One version of the standard wording of a letter for an outcome set, held as data.

    `letterhead` is what the top of the letter says: unit, address_lines,
    phone, fax, website, and the name of a bundled logo (panel.enums.LetterLogo).
    `paragraphs` holds each part of panel.composition.PARTS (some worded once,
    some for each outcome code), written in the placeholder language of
    panel.placeholders, with `issues_style` and the `layout` that orders the
    letter. A version is never changed once saved: changing the wording saves
    the next version, and each letter records the version it was made from.
    """

    outcome_set = models.ForeignKey("panel.OutcomeSet", on_delete=models.PROTECT, related_name="letter_templates")
    version = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    # The period or layout the wording belongs to: "2014 layout".
    era = models.CharField(max_length=100)
    letterhead = models.JSONField(help_text="unit, address_lines, phone, fax, website and logo")
    paragraphs = models.JSONField(help_text="The standard wording keyed by the part of the letter it fills")
    created_at = models.DateTimeField(default=clock.now)
    # Who saved this version; none for the versions the application ships.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["outcome_set", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["outcome_set", "version"], name="one_template_per_set_version"),
        ]
        triggers = [
            # A saved version's words stay as they were, whoever asks: a change is the next version.
            # Saving it unchanged is no change; nor is the time it was saved, which restoring a
            # database's rows from JSON rounds to the millisecond.
            pgtrigger.Protect(name="template_version_unchanged", operation=pgtrigger.Update,
                              condition=pgtrigger.AnyChange(exclude=["created_at"])),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    @property
    def logo_label(self):
        return LetterLogo(self.letterhead["logo"]).label if self.letterhead.get("logo") in LetterLogo.values else ""


def letter_path(letter, filename):
    return f"letters/{uuid.uuid4().hex}.pdf"


def _changed(*columns):
    """A trigger condition: any of `columns` differs between the old row and the new."""
    condition = pgtrigger.Q()
    for column in columns:
        condition |= pgtrigger.Q(**{f"old__{column}__df": pgtrigger.F(f"new__{column}")})
    return condition


class Letter(models.Model):
    """One version of the feedback letter for a verdict.

    A draft the secretariat edits; sent to the chair, who signs exactly the
    words they read (or sends it back); then issued to the CSP. Once signed,
    a database trigger refuses any change to its words, date and file: a
    correction is a new version that supersedes it.
    """

    verdict = models.ForeignKey("panel.Verdict", on_delete=models.PROTECT, related_name="letters")
    # The verdict's revision the content was composed from: a draft of an older one is not sent or signed.
    verdict_revision = models.PositiveIntegerField(default=1)
    # 1 for the first letter of a verdict; a correction takes the next number.
    version = models.PositiveSmallIntegerField(default=1)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    status = models.CharField(max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    # Everything the letter says, composed from the verdict and template, then edited by the secretariat.
    content = models.JSONField()
    letter_date = models.DateField()

    render_status = models.CharField(max_length=20, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    render_error = models.TextField(blank=True)
    # When the draft's rendering was last asked for, and how many times: a sweep asks again for one left waiting.
    render_requested_at = models.DateTimeField(default=clock.now)
    render_attempts = models.PositiveSmallIntegerField(default=0)
    draft_pdf = models.FileField(storage=private_storage, upload_to=letter_path, blank=True, max_length=200)
    signed_pdf = models.FileField(storage=private_storage, upload_to=letter_path, blank=True, max_length=200)
    signed_pdf_sha256 = models.CharField(max_length=64, blank=True)

    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(default=clock.now)
    sent_for_signing_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_for_signing_at = models.DateTimeField(null=True, blank=True)
    # The chair's comment when they send a draft back.
    returned_comment = models.TextField(blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    # When someone of the CSP first downloaded the issued letter.
    first_downloaded_at = models.DateTimeField(null=True, blank=True)
    # A correction: the letter it replaces, and why.
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    correction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-drafted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="signed_letter_has_pdf_and_hash",
                condition=models.Q(status__in=[LetterStatus.DRAFT, LetterStatus.AWAITING_SIGNATURE])
                | (~models.Q(signed_pdf="") & ~models.Q(signed_pdf_sha256="") & models.Q(signed_at__isnull=False)),
            ),
            # A verdict stands by one signed letter at a time; a correction supersedes it first.
            models.UniqueConstraint(
                fields=["verdict"], condition=models.Q(status__in=sorted(LIVE_LETTER_STATUSES)),
                name="one_live_letter_per_verdict",
            ),
            # One letter in the making per verdict: drafting again recomposes it.
            models.UniqueConstraint(
                fields=["verdict"], condition=models.Q(status__in=sorted(OPEN_LETTER_STATUSES)),
                name="one_open_letter_per_verdict",
            ),
            models.CheckConstraint(
                name="issued_letter_has_issue_time",
                condition=~models.Q(status=LetterStatus.ISSUED) | models.Q(issued_at__isnull=False),
            ),
            models.CheckConstraint(
                name="correction_gives_its_reason",
                condition=models.Q(supersedes__isnull=True) | ~models.Q(correction_reason=""),
            ),
        ]
        triggers = [
            # What the chair signed stays as signed, whoever asks, the application's own code included.
            pgtrigger.Protect(
                name="sealed_letter_unchanged",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status__in=sorted(SEALED_LETTER_STATUSES))
                & (
                    _changed("content", "letter_date", "signed_pdf", "signed_pdf_sha256", "signed_at",
                             "signed_by_id", "verdict_id", "verdict_revision", "template_id", "version",
                             "supersedes_id", "correction_reason")
                    # Only the moves LETTER_TRANSITIONS allows a sealed letter: issued, then superseded.
                    | (pgtrigger.Q(old__status=LetterStatus.SIGNED)
                       & ~pgtrigger.Q(new__status__in=[LetterStatus.SIGNED, LetterStatus.ISSUED,
                                                       LetterStatus.SUPERSEDED]))
                    | (pgtrigger.Q(old__status=LetterStatus.ISSUED)
                       & ~pgtrigger.Q(new__status__in=[LetterStatus.ISSUED, LetterStatus.SUPERSEDED]))
                    | (pgtrigger.Q(old__status=LetterStatus.SUPERSEDED) & ~pgtrigger.Q(new__status=LetterStatus.SUPERSEDED))
                    # Once issued, when and by whom stay as they were.
                    | (pgtrigger.Q(old__issued_at__isnull=False) & _changed("issued_at", "issued_by_id"))
                ),
            ),
            pgtrigger.Protect(
                name="sealed_letter_kept",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__status__in=sorted(SEALED_LETTER_STATUSES)),
            ),
        ]

    def __str__(self):
        # From the frozen content, so naming a letter costs no queries.
        return f"Letter for {self.content.get('reference', 'a review')}"

    @property
    def content_digest(self):
        """The fingerprint of its words, which the edit and signing pages send back (panel.composition)."""
        return content_digest(self.content)

    @property
    def is_frozen(self):
        """Signed (and so sealed): its words and file no longer change."""
        return self.status in SEALED_LETTER_STATUSES

    @property
    def is_editable(self):
        return self.status == LetterStatus.DRAFT

    @property
    def status_colour(self):
        return LETTER_STATUS_COLOURS[self.status]

    @property
    def pdf(self):
        """The file a download sends: the signed PDF once signed, the draft before (empty until rendered)."""
        return self.signed_pdf if self.is_frozen else self.draft_pdf

    @property
    def download_name(self):
        reference = self.content.get("reference", "review")
        if not self.is_frozen:
            suffix = "draft"
        elif self.status == LetterStatus.SUPERSEDED:
            suffix = "superseded"
        else:
            suffix = "signed"
        version = f"-v{self.version}" if self.version > 1 or self.status == LetterStatus.SUPERSEDED else ""
        return f"{reference}-qa-panel-letter{version}-{suffix}.pdf"


def bundle_path(bundle, filename):
    return f"bundles/{uuid.uuid4().hex}.zip"


class LetterBundle(models.Model):
    """A ZIP of a meeting's signed letters, built in the background for the secretariat to download."""

    meeting = models.ForeignKey("panel.Meeting", on_delete=models.PROTECT, related_name="letter_bundles")
    status = models.CharField(max_length=20, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    # The letters it holds, as (id, SHA-256) pairs: the same letters make the same bundle.
    letters = models.JSONField(default=list)
    file = models.FileField(storage=private_storage, upload_to=bundle_path, blank=True, max_length=200)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=clock.now)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"Signed letters of the {self.meeting}"

    @property
    def is_stalled(self):
        """Queued for longer than a build could take: its worker was lost, and it may be asked for again."""
        return self.status == RenderStatus.QUEUED and (
            clock.now() - self.requested_at).total_seconds() > settings.DHRQA_RENDER_STALE_SECONDS
