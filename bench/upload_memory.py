"""What a 100 MiB upload costs the gunicorn worker that takes it, and what an over-limit one costs to refuse.

Run by `bench/run.py` (`make bench`) in a process of its own, or alone:
`.venv/bin/python bench/upload_memory.py`. It needs Postgres: the server in
DATABASE_URL (default 127.0.0.1:5432), where it makes a database of its own,
`dhrqa_bench_uploads`, dropped again at the end.

1. Migrate that database and register a review as a CSP officer, leaving
   version 1 a draft.
2. Start gunicorn on 127.0.0.1 with one sync worker, as production runs
   each worker, and a limit of 128 MiB; sign in over HTTP; upload one small
   PDF to warm the worker up. The worker's VmRSS then is the baseline.
3. POST a 100 MiB PDF (one page, one large image stream, written to disk
   here) to the documents page while a thread samples the worker's VmRSS
   from /proc; VmHWM (reset first) catches any peak between samples.
   Growth = peak - baseline; the goal is at most 30 MiB.
4. Start gunicorn again with the default 50 MiB limit and send bodies of
   1.5 and 6 times the limit: how many bytes of the body the application
   read before it answered (counted by `counting_wsgi.py`, which gunicorn
   serves here), against the body's size, and whether the answer came.
"""

import contextlib
import datetime
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
DATABASE = "dhrqa_bench_uploads"
ACCEPTING_LIMIT = 128 * MIB
UPLOAD_SIZE = 100 * MIB
DEFAULT_LIMIT = 50 * MIB
OVER_LIMIT_FACTORS = (1.5, 6)
GOAL_MIB = 30
EMAIL, PASSWORD = "officer@bench.example", "bench-password-2026"


def configure(folder):
    """The environment for this process and the servers; call before django.setup()."""
    server = urllib.parse.urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/dhrqa")
    if not server.scheme.startswith("postgres"):
        raise SystemExit("bench/upload_memory.py needs Postgres: set DATABASE_URL to a postgres:// URL")
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "dhrqa.settings",
        "DATABASE_URL": urllib.parse.urlunsplit(server._replace(path=f"/{DATABASE}")),
        # Text extraction is queued on commit: in memory, nothing runs it, so it costs the request nothing.
        "CELERY_BROKER_URL": "memory://localhost/",
        "DHRQA_PRIVATE_STORAGE_ROOT": str(folder / "private"),
        # Django's temporary upload files go here too, so moving one into storage is a rename.
        "TMPDIR": str(folder),
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_LOG_LEVEL": "WARNING",
        "BENCH_READ_LOG": str(folder / "body-bytes-read.log"),
        # WhiteNoise warns that STATIC_ROOT was never collected: the bench serves no static files.
        "PYTHONWARNINGS": "ignore:No directory at",
    })
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))


def fresh_database():
    _maintenance(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{DATABASE}"')


def drop_database():
    from django.db import connections

    connections.close_all()
    _maintenance(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def _maintenance(*statements):
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"],
                         dbname="postgres", autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


def draft_to_upload_to():
    """Migrate, and register a review through the service, as an officer would; return the documents path."""
    import io

    from django.core.management import call_command
    from django.db import connections

    from dhrqa.enums import Role
    from dhrqa.models import CommunitySafetyPartnership, User
    from submissions.enums import CaseKind, DeathType, PersonRole, PoliceForceArea, Relationship, ReviewType
    from submissions.services.reviews import register_review

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    csp = CommunitySafetyPartnership.objects.create(
        code="bench", name="Bench Community Safety Partnership", area_name="Bench", contact_name="Dana Contact",
        contact_organisation="Bench Council", contact_address="1 High Street", contact_salutation="Dana Contact",
    )
    officer = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Olive Officer",
                                       role=Role.CSP_OFFICER, csp=csp)
    review = register_review(
        officer=officer, kind=CaseKind.REVIEW,
        details=dict(review_type=ReviewType.DHR, death_type=DeathType.HOMICIDE,
                     relationship=Relationship.INTIMATE_PARTNER, police_force_area=PoliceForceArea.KENT,
                     date_of_death=datetime.date(2025, 3, 1), date_csp_notified=datetime.date(2025, 3, 8),
                     date_decided=datetime.date(2025, 3, 29)),
        people=[dict(role=PersonRole.VICTIM, pseudonym="Louise"), dict(role=PersonRole.PERPETRATOR, pseudonym="Neil")],
    )
    connections.close_all()
    return f"/reviews/{review.reference}/v1/documents/"


@contextlib.contextmanager
def gunicorn(limit):
    """gunicorn with one sync worker and DHRQA_MAX_UPLOAD_BYTES=`limit`; yields (port, worker pid)."""
    from http_upload import children

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "counting_wsgi:application", "--pythonpath", "bench",
         "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--worker-class", "sync", "--timeout", "300", "--log-level", "warning",
         "--no-control-socket"],
        cwd=ROOT, env={**os.environ, "DHRQA_MAX_UPLOAD_BYTES": str(limit)},
    )
    try:
        for _ in range(150):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                if children(server.pid):
                    break
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        yield port, children(server.pid)[0]
    finally:
        server.terminate()
        server.wait(timeout=30)


def file_chunks(path):
    with open(path, "rb") as file:
        while chunk := file.read(MIB):
            yield chunk


def filler(size):
    """A body that starts as a PDF and is `size` bytes long, made as it is sent."""
    block = b"%PDF-1.7\n" + b"0" * (MIB - 9)
    for start in range(0, size, MIB):
        yield block[: min(MIB, size - start)]


def bench_accepted(folder, documents):
    from http_upload import Browser, MemorySampler, reset_peak, status_kib

    from tests.submissions.sample_documents import hand_made_pdf, write_large_pdf

    pdf = folder / "overview-report.pdf"
    write_large_pdf(pdf, pages=1, image_bytes=UPLOAD_SIZE - 1024)
    size = pdf.stat().st_size
    small = hand_made_pdf("Warm-up")
    with gunicorn(ACCEPTING_LIMIT) as (port, worker):
        browser = Browser(port)
        browser.sign_in(EMAIL, PASSWORD)
        warm = browser.upload(documents, [("csrfmiddlewaretoken", browser.csrf_token(documents)), ("kind", "other")],
                              file_name="warm-up.pdf", chunks=[small], size=len(small))
        if warm.status != 302:
            raise SystemExit(f"The warm-up upload was refused (status {warm.status})")
        token = browser.csrf_token(documents)
        time.sleep(0.5)
        baseline = status_kib(worker, "VmRSS")
        reset_peak(worker)
        with MemorySampler(worker) as sampler:
            answer = browser.upload(documents, [("csrfmiddlewaretoken", token), ("kind", "overview_report")],
                                    file_name="overview-report.pdf", chunks=file_chunks(pdf), size=size)
        peak = max(sampler.peak_kib, status_kib(worker, "VmHWM"))
    if answer.status != 302 or _stored_size("overview_report") != size:
        raise SystemExit(f"The {size / MIB:.0f} MiB upload was not stored (status {answer.status})")
    return size, answer.seconds, baseline, peak


def _stored_size(kind):
    from django.db import connections

    from submissions.models import Document

    size = Document.objects.filter(kind=kind).values_list("stored_file__size", flat=True).first()
    connections.close_all()
    return size


def bench_over_limit(documents):
    from http_upload import Browser

    log = Path(os.environ["BENCH_READ_LOG"])
    results = []
    with gunicorn(DEFAULT_LIMIT) as (port, worker):
        browser = Browser(port)
        browser.sign_in(EMAIL, PASSWORD)
        for factor in OVER_LIMIT_FACTORS:
            size = int(DEFAULT_LIMIT * factor)
            token = browser.csrf_token(documents)
            answer = browser.upload(documents, [("csrfmiddlewaretoken", token), ("kind", "overview_report")],
                                    file_name="too-large.pdf", chunks=filler(size), size=size)
            body, read = (int(number) for number in log.read_text().splitlines()[-1].split())
            results.append((body, read, answer))
    return results


def main():
    with tempfile.TemporaryDirectory(prefix="dhrqa-bench-uploads-") as name:
        folder = Path(name)
        configure(folder)
        import django

        django.setup()
        fresh_database()
        try:
            documents = draft_to_upload_to()
            size, seconds, baseline, peak = bench_accepted(folder, documents)
            refused = bench_over_limit(documents)
        finally:
            drop_database()
    report(size, seconds, baseline, peak, refused)
    return 0


def report(size, seconds, baseline, peak, refused):
    growth = (peak - baseline) / 1024
    verdict = "within" if growth <= GOAL_MIB else "OVER"
    print(f"\nUpload memory (gunicorn, 1 sync worker, Postgres database {DATABASE})")
    print(f"  {size / MIB:.1f} MiB PDF accepted in {seconds:.2f} s ({size / MIB / seconds:.0f} MiB/s)")
    print(f"  worker VmRSS {baseline / 1024:.1f} MiB before, peak {peak / 1024:.1f} MiB: "
          f"growth {growth:+.1f} MiB ({verdict} the goal of {GOAL_MIB} MiB)")
    print(f"  over the {DEFAULT_LIMIT // MIB} MiB limit: bytes of the body the application read before answering")
    for body, read, answer in refused:
        said = b"must be smaller than" in answer.body
        outcome = (f"answered {answer.status}{' with the error' if said else ' WITHOUT the error'}"
                   if answer.status else "connection reset before an answer")
        print(f"    {body / MIB:6.1f} MiB body: read {read / MIB:6.1f} MiB ({read / body:4.0%}), "
              f"client had sent {answer.sent / MIB:6.1f} MiB; {outcome} in {answer.seconds:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
