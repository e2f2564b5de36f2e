# TEMPORARY SHIM until the inspection branch is merged.
from dataclasses import dataclass

from submissions.uploads import UploadRejected, describe_size
from submissions.uploads import inspect_upload as _old_inspect

__all__ = ["InspectedFile", "UploadRejected", "describe_size", "inspect_upload"]


@dataclass(frozen=True)
class InspectedFile:
    file_type: str
    size: int
    sha256: str
    page_count: int | None


def inspect_upload(uploaded, *, kind, label=None, name=None, max_bytes=None):
    old = _old_inspect(uploaded, label=label or "the file")
    return InspectedFile(old.file_type, old.size, old.sha256, None)
