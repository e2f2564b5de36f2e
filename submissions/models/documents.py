import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import LazyObject

from submissions.enums import FILE_TYPE_MEDIA_TYPES, DocumentKind, FileType


class PrivateStorage(LazyObject):
    """Files outside any public URL; they leave only through checked views."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


private_storage = PrivateStorage()


def document_path(document, filename):
    # Never the uploader's name on disk: it may be hostile.
    return f"documents/{uuid.uuid4().hex}.{document.file_type}"


class Document(models.Model):
    submission = models.ForeignKey("submissions.Submission", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    file_type = models.CharField(max_length=10, choices=FileType.choices)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind"], name="one_document_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.original_name})"

    @property
    def media_type(self):
        return FILE_TYPE_MEDIA_TYPES[self.file_type]

    @property
    def download_name(self):
        review = self.submission.review
        return f"{review.reference}-{self.kind.replace('_', '-')}-v{self.submission.number}.{self.file_type}"
