"""Benchmark: draft letters through a real Celery worker on Redis, as the secretariat waits for them.

Run by `make bench` (bench/run.py), or alone: `.venv/bin/python bench/letter_worker.py`.

1. Make a database of the bench's own, dhrqa_bench_letters (dropped first if
   a run left it behind), on the Postgres server in DATABASE_URL (default
   127.0.0.1:5432); migrate it and fill it with confirmed verdicts, one per
   agenda item of a held meeting (bench/list_data.py's reviews). Start a
   redis-server of its own on a free port, and keep files in a temporary folder.
2. (b) "Draft the letter" to "Draft ready", as the secretariat sees it:
   gunicorn serves the app (static files through the finders), a prefork
   worker of one pool process renders, and Chromium (Playwright), signed
   in as the secretariat, clicks the button on an agenda item's page and
   waits for the letter's page to say the draft is ready: the page's status
   poller (static/js/app.mjs) reloads it. The time runs in the browser's own
   clock, from the button's request leaving to the "Draft ready" page being
   parsed (DOMContentLoaded). Warm-up first. The baseline is the
   server's own time, from the letter's row being written to its
   "rendered" audit event. Goal: a median of at most 0.5 s.
3. (c) 100 letters drafted in one transaction, rendered by a worker with 2
   pool processes against one with 1, each warmed up first, three times each
   in turn; the fastest run of each counts. Goal: at least 1.6 times faster.
"""

import datetime
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

DATABASE = "dhrqa_bench_letters"
_SERVER = urllib.parse.urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/dhrqa")
DATABASE_URL = urllib.parse.urlunsplit(_SERVER._replace(path=f"/{DATABASE}"))
CHROMIUM = "/usr/bin/chromium"
READY_RUNS = 15
READY_WARMUP = 3
BATCH = 100
BATCH_WARMUP = 4
BATCH_ROUNDS = 3
READY_GOAL_SECONDS = 0.5
SPEEDUP_GOAL = 1.6
START_SECONDS = 60


def main():
    import psycopg

    if not _SERVER.scheme.startswith("postgres"):
        print("Letter worker benchmark not run: it needs Postgres; set DATABASE_URL to a postgres:// URL",
              file=sys.stderr)
        return 1
    try:
        _run_sql(psycopg, "DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")
    except psycopg.OperationalError as error:
        print(f"Letter worker benchmark not run: cannot reach Postgres for {DATABASE_URL}: {error}", file=sys.stderr)
        return 1
    processes = []
    with tempfile.TemporaryDirectory(prefix="dhrqa-bench-letters-") as folder:
        try:
            redis_url = _start_redis(Path(folder), processes)
            environment = _environment(Path(folder), redis_url)
            secretariat, verdicts = _prepare_app(environment)
            print(f"Letter worker benchmark: {len(verdicts)} confirmed verdicts; Redis at {redis_url}; "
                  f"{os.cpu_count()} CPUs")
            _bench_ready(environment, secretariat, verdicts[:READY_WARMUP + READY_RUNS], processes)
            _bench_batch(environment, secretariat, verdicts[READY_WARMUP + READY_RUNS:], processes)
        finally:
            for process in reversed(processes):
                _stop(process)
            from django.db import connections

            connections.close_all()
            _run_sql(psycopg, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
    # Both goals are timings, which move with whatever else the machine is doing: they are
    # printed, met or not, and only a broken run fails `make bench`.
    return 0


def _environment(folder, redis_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.letter_settings",
        "DATABASE_URL": DATABASE_URL,
        "CELERY_BROKER_URL": redis_url,
        "DHRQA_PRIVATE_STORAGE_ROOT": str(folder / "private"),
        "DJANGO_DEBUG": "false",
        # With DEBUG off settings want a secret key; the bench's servers sign nothing that lasts.
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PYTHONWARNINGS": "ignore:No directory at",
        "PYTHONPATH": str(ROOT),
        # Playwright's sync API runs an event loop in this thread, beside the ORM.
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }


def _run_sql(psycopg, *statements):
    """Run statements naming this bench's database ({}) on the server's maintenance database."""
    name = psycopg.sql.Identifier(psycopg.conninfo.conninfo_to_dict(DATABASE_URL)["dbname"])
    maintenance = psycopg.conninfo.make_conninfo(DATABASE_URL, dbname="postgres")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        for statement in statements:
            connection.execute(psycopg.sql.SQL(statement).format(name))


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_redis(folder, processes):
    port = _free_port()
    processes.append(subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)], stdout=subprocess.DEVNULL))
    _wait_for_port(port, processes[-1], "redis-server")
    return f"redis://127.0.0.1:{port}/0"


def _wait_for_port(port, process, name):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} stopped at start-up with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{name} did not start listening within {START_SECONDS} s")


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _prepare_app(environment):
    """Migrate and fill the database in this process; return the secretariat and the confirmed verdicts."""
    os.environ.update(environment)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return _fill_verdicts(READY_WARMUP + READY_RUNS + BATCH + 2 * BATCH_WARMUP)


def _fill_verdicts(count):
    """A held meeting with `count` reviews on its agenda, each with a confirmed verdict; written with bulk_create."""
    from django.utils import timezone

    from dhrqa.enums import Role
    from dhrqa.models import User
    from list_data import fill
    from panel.enums import MeetingStatus, VerdictStatus
    from panel.models import AgendaItem, Meeting, Verdict, VerdictIssue
    from panel.outcomes import outcome_set_in_force
    from submissions.enums import CaseKind, SubmissionStatus
    from submissions.models import Submission

    now, today = timezone.now(), timezone.localdate()
    # One review in ten is a decision not to review: make enough of the others.
    secretariat = fill(count * 10 // 9 + 10)
    Submission.objects.update(status=SubmissionStatus.SCHEDULED)
    chair = User.objects.create(email="chair@homeoffice.example", full_name="Chris Chair", role=Role.CHAIR,
                                password="!", letter_titles="Chair of the Home Office DHR Quality Assurance Panel")
    meeting = Meeting.objects.create(date=today, chair=chair, created_by=secretariat, status=MeetingStatus.HELD,
                                     papers_released_at=now, held_at=now, capacity=count)
    submissions = Submission.objects.filter(review__kind=CaseKind.REVIEW).order_by("id")[:count]
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, submission=submission, position=position, scheduled_by=secretariat)
        for position, submission in enumerate(submissions, start=1))
    outcome = outcome_set_in_force(CaseKind.REVIEW, today).outcomes.order_by("position").first()
    verdicts = Verdict.objects.bulk_create(
        Verdict(agenda_item=item, outcome=outcome, status=VerdictStatus.CONFIRMED, recorded_by=chair,
                confirmed_by=chair, confirmed_at=now, commendation="The Panel commends the report's clarity.")
        for item in items)
    VerdictIssue.objects.bulk_create(
        VerdictIssue(verdict=verdict, position=n, text=f"Paragraph {n}.12 should say how agencies shared risk.")
        for verdict in verdicts for n in (1, 2, 3))
    return secretariat, verdicts


def _start_worker(environment, concurrency, processes):
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "dhrqa", "worker", "--pool=prefork", f"--concurrency={concurrency}",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=warning"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL)
    processes.append(worker)
    return worker


def _start_gunicorn(environment, processes):
    port = _free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dhrqa.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--pythonpath", str(ROOT), "--log-level", "warning"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    processes.append(server)
    _wait_for_port(port, server, "gunicorn")
    return f"http://127.0.0.1:{port}"


def _wait_ready(letter_ids, timeout=120):
    """Poll the database until every letter's draft is ready; fail on one that failed."""
    from panel.enums import RenderStatus
    from panel.models import Letter

    deadline = time.monotonic() + timeout
    while True:
        statuses = list(Letter.objects.filter(pk__in=letter_ids).values_list("render_status", flat=True))
        if RenderStatus.FAILED in statuses:
            raise SystemExit("a letter failed to render: see the worker's log")
        if statuses.count(RenderStatus.READY) == len(letter_ids):
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"letters not ready after {timeout} s")
        time.sleep(0.05)


def _bench_ready(environment, secretariat, verdicts, processes):
    """(b): click "Draft the letter", wait for "Draft ready"; against the server's own time."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    from dhrqa.enums import AuditAction
    from dhrqa.models import AuditEvent
    from measure import Row, Timing, print_table
    from panel.models import Letter
    from tests.mfa import sign_in

    base = _start_gunicorn(environment, processes)
    worker = _start_worker(environment, 1, processes)
    client = Client()
    sign_in(client, secretariat)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
              "url": base}
    seen, server = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            context = browser.new_context()
            context.add_cookies([cookie])
            page = context.new_page()
            for index, verdict in enumerate(verdicts):
                page.goto(base + reverse("panel:agenda_item_detail", kwargs={"pk": verdict.agenda_item_id}))
                with page.expect_request(lambda request: request.method == "POST") as posted:
                    page.get_by_role("button", name="Draft the letter").click()
                page.locator("strong.govuk-tag", has_text="Draft ready").wait_for(timeout=60_000)
                # In the browser's own clock: from the click's request leaving to the page that says
                # "Draft ready" being parsed (its stylesheets loaded). Playwright's own work is left out.
                shown = page.evaluate("performance.timeOrigin"
                                      " + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
                elapsed = (shown - posted.value.timing["startTime"]) / 1000
                if worker.poll() is not None:
                    raise SystemExit(f"the worker stopped with status {worker.returncode}")
                if index < READY_WARMUP:
                    continue
                letter = Letter.objects.get(verdict=verdict)
                rendered = AuditEvent.objects.get(object_type="panel.Letter", object_id=str(letter.pk),
                                                  action=AuditAction.LETTER_RENDERED)
                seen.append(elapsed)
                server.append((rendered.at - letter.drafted_at).total_seconds())
        finally:
            browser.close()
    _stop(worker)
    seen_timing = Timing('"Draft the letter" to "Draft ready" in Chromium', tuple(seen))
    server_timing = Timing("letter row written to its rendered event", tuple(server))
    print_table(f"(b) A draft letter through a warm worker (prefork, 1 pool process), as the secretariat "
                f"waits for it, after {READY_WARMUP} warm-up letters",
                [Row(server_timing), Row(seen_timing, server_timing)])
    met = statistics.median(seen) <= READY_GOAL_SECONDS
    print(f"median seen by the secretariat: {statistics.median(seen):.3f} s "
          f"(goal <= {READY_GOAL_SECONDS} s: {'met' if met else 'NOT met'})")
    return met


def _bench_batch(environment, secretariat, verdicts, processes):
    """(c): 100 letters drafted at once, rendered with 1 and with 2 pool processes."""
    from django.db import transaction

    from panel.services.letters import draft_letter

    warmups, batch = verdicts[:2 * BATCH_WARMUP], verdicts[2 * BATCH_WARMUP:2 * BATCH_WARMUP + BATCH]
    results = {1: [], 2: []}
    for _ in range(BATCH_ROUNDS):
        for concurrency in (1, 2):
            worker = _start_worker(environment, concurrency, processes)
            with transaction.atomic():
                letters = [draft_letter(verdict=verdict, drafted_by=secretariat).pk for verdict in warmups]
            _wait_ready(letters)
            with transaction.atomic():
                letters = [draft_letter(verdict=verdict, drafted_by=secretariat).pk for verdict in batch]
                # The renders are queued as this transaction commits.
                started = time.perf_counter()
            _wait_ready(letters)
            results[concurrency].append(time.perf_counter() - started)
            if worker.poll() is not None:
                raise SystemExit(f"the worker stopped with status {worker.returncode}")
            _stop(worker)
    one, two = min(results[1]), min(results[2])
    speedup = one / two
    print(f"\n(c) {len(batch)} letters drafted in one transaction, rendered by a prefork worker (fastest of "
          f"{BATCH_ROUNDS} runs each, taken in turn, each worker warmed up with {2 * BATCH_WARMUP} letters)")
    print(f"{'pool processes':<16}{'seconds':>9}{'letters/s':>11}   runs")
    for concurrency, best in ((1, one), (2, two)):
        runs = ", ".join(f"{seconds:.2f}" for seconds in results[concurrency])
        print(f"{concurrency:<16}{best:>9.2f}{len(batch) / best:>11.1f}   {runs}")
    met = speedup >= SPEEDUP_GOAL
    print(f"ratio, 1 pool process / 2: {speedup:.2f} (goal >= {SPEEDUP_GOAL}: {'met' if met else 'NOT met'})")
    return met


if __name__ == "__main__":
    sys.exit(main())
