import uuid

from django.conf import settings
from django.db import models

from dhrqa import clock
from dhrqa.storage import private_storage
from submissions.enums import (
    FILE_TYPE_MEDIA_TYPES,
    REPEATABLE_DOCUMENT_KINDS,
    DocumentKind,
    FileType,
    TextStatus,
)


def stored_file_path(stored_file, filename):
    # Never the uploader's name on disk: it may be hostile.
    return f"documents/{uuid.uuid4().hex}.{stored_file.file_type}"


class StoredFile(models.Model):
    """One file's bytes in private storage, as checked when it arrived.

    Versions share a StoredFile when a document is carried forward
    unchanged, so a new version never copies the bytes.
    """

    file = models.FileField(storage=private_storage, upload_to=stored_file_path, max_length=200)
    file_type = models.CharField(max_length=10, choices=FileType.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=clock.now)
    text_status = models.CharField(max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING)
    text_error = models.TextField(blank=True)
    # When its text was last asked for, and how many times the sweep asked again (see
    # submissions.services.documents.sweep_stalled_extractions).
    text_requested_at = models.DateTimeField(default=clock.now)
    text_attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return f"{self.get_file_type_display()}, {self.size} bytes, {self.sha256[:12]}"

    @property
    def media_type(self):
        return FILE_TYPE_MEDIA_TYPES[self.file_type]


class ExtractedText(models.Model):
    """A stored file's text, for search and the automatic checks; kept apart so lists never load it."""

    stored_file = models.OneToOneField(StoredFile, on_delete=models.CASCADE, related_name="extracted_text")
    text = models.TextField()
    # Where each page starts in `text` (a PDF's pages, a DOCX's page breaks); [] when the format has none.
    page_starts = models.JSONField(default=list, blank=True)
    extracted_at = models.DateTimeField(default=clock.now)


class Document(models.Model):
    """A stored file as one kind of document in one version of a submission."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="documents")
    # The name the uploader gave it, shown back to people and never used as a path.
    original_name = models.CharField(max_length=255)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["submission", "kind", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "kind"],
                condition=~models.Q(kind__in=sorted(REPEATABLE_DOCUMENT_KINDS)),
                name="one_document_per_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.original_name})"

    @property
    def media_type(self):
        return self.stored_file.media_type

    @property
    def download_name(self):
        review = self.submission.review
        kind = self.kind.replace("_", "-")
        return f"{review.reference}-{kind}-v{self.submission.number}-{self.pk}.{self.stored_file.file_type}"
