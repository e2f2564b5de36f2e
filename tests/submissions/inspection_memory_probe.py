"""Run in a child process by test_inspection_memory.py: inspect large uploads, report peak memory growth.

Arguments come in fours: path, name, media type, and a small file of the same
type to warm up on. A fresh process, so that the peaks measured are these
inspections' and not something earlier in the test session's. Prints one JSON
line per file.
"""

import json
import shutil
import sys
import time

import django


def resident_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"No {field} in /proc/self/status")


def main(arguments):
    django.setup()
    for start in range(0, len(arguments), 4):
        measure(*arguments[start:start + 4])


def measure(path, name, media_type, warm_up_path):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from submissions.enums import DocumentKind
    from submissions.inspection import inspect_upload

    def upload(source):
        uploaded = TemporaryUploadedFile(name, media_type, 0, None)
        with open(source, "rb") as file:
            shutil.copyfileobj(file, uploaded.file, 1024 * 1024)
        uploaded.size = uploaded.file.tell()
        uploaded.seek(0)
        return uploaded

    # The libraries' own start-up (imports, qpdf, expat) is not the upload's cost.
    inspect_upload(upload(warm_up_path), kind=DocumentKind.OVERVIEW_REPORT)
    uploaded = upload(path)
    before = resident_kib("VmRSS")
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # reset VmHWM, the peak, to the current size
    started = time.monotonic()
    inspected = inspect_upload(uploaded, kind=DocumentKind.OVERVIEW_REPORT, max_bytes=200 * 1024 * 1024)
    seconds = time.monotonic() - started
    growth = resident_kib("VmHWM") - before
    print(json.dumps({"name": name, "growth_kib": growth, "seconds": seconds, "file_type": inspected.file_type,
                      "page_count": inspected.page_count, "size": inspected.size}))


if __name__ == "__main__":
    main(sys.argv[1:])
