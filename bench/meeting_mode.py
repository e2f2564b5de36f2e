"""Benchmark: meeting mode with 20 items of 4 readers each, under load, against a bare Django view.

Run by `make bench` (bench/run.py), or alone: `.venv/bin/python bench/meeting_mode.py`.

1. Make a database of the bench's own, dhrqa_bench_meeting (dropped first if
   a run left it behind), on the Postgres server in DATABASE_URL (default
   127.0.0.1:5432); migrate it and fill it: a meeting being held with 20
   reviews on its agenda, each read by the same 4 panel members, who have
   all submitted their assessments (every criterion judged and commented,
   two suggested issues each). The current item shows the most the page
   can: a second version answering the issues raised about the first,
   four national recommendations, and a pending verdict with its issues
   and responses.
2. Serve the app with gunicorn as bench/lists.py does (bench/settings.py:
   the bare view and the X-Query-Count header).
3. Sign the chair in, and load meeting mode and the bare view in turns,
   as bench/lists.py does (its _measure).
4. Print both pages' requests per second, their ratio, and meeting mode's
   size and query count (goal: at most 15, whatever the agenda's size).
"""

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
sys.path.insert(0, str(ROOT / "bench"))

# The load itself is bench/lists.py's, so that the two benches' figures compare.
from lists import BARE_PATH, CLIENT_THREADS, LOAD_SECONDS, ROUNDS, WORKERS, _free_port, _measure  # noqa: E402
from bench_database import environment, run_sql  # noqa: E402

DATABASE = "dhrqa_bench_meeting"
_SERVER = urllib.parse.urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/dhrqa")
DATABASE_URL = urllib.parse.urlunsplit(_SERVER._replace(path=f"/{DATABASE}"))
ITEMS = 20
READERS = 4
QUERY_GOAL = 15


def main():
    import psycopg

    if not _SERVER.scheme.startswith("postgres"):
        print("Meeting mode benchmark not run: it needs Postgres; set DATABASE_URL to a postgres:// URL",
              file=sys.stderr)
        return 1
    try:
        run_sql(DATABASE_URL, "DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")
    except psycopg.OperationalError as error:
        print(f"Meeting mode benchmark not run: cannot reach Postgres for {DATABASE_URL}: {error}", file=sys.stderr)
        return 1
    met = True
    try:
        chair_session, path = _prepare_app()
        for conn_max_age, label in ((os.environ.get("DJANGO_DB_CONN_MAX_AGE", "0"), "as configured"),
                                    ("60", "persistent database connections")):
            server, port = _start_gunicorn(conn_max_age)
            try:
                results = _measure(port, (BARE_PATH, path), chair_session)
            finally:
                server.terminate()
                server.wait(timeout=30)
            met = _report(results, path, f"DJANGO_DB_CONN_MAX_AGE={conn_max_age}, {label}") and met
    finally:
        from django.db import connections

        connections.close_all()
        run_sql(DATABASE_URL, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
    # The query ceiling is a requirement, not a figure to watch: missing it fails `make bench`.
    return 0 if met else 1


def _prepare_app():
    """Migrate and fill the database in this process; return the chair's session cookie and meeting mode's path."""
    os.environ.update(environment(DATABASE_URL))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from tests.mfa import sign_in

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    meeting = fill_meeting()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Meeting mode benchmark: a meeting of {ITEMS} items with {READERS} submitted readers each, "
          f"made in {time.perf_counter() - started:.0f} s")
    client = Client()
    sign_in(client, meeting.chair)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookie, f"/meetings/{meeting.pk}/in-meeting/"


def fill_meeting():
    """The held meeting described at the top, written with bulk_create; returns it."""
    from django.utils import timezone

    from dhrqa.enums import Role
    from dhrqa.models import User
    from list_data import fill
    from panel.enums import AssessmentStatus, MeetingStatus
    from panel.models import (
        AgendaItem, Assessment, CriterionJudgement, Meeting, MeetingMember, ReaderAssignment, SuggestedIssue,
    )
    from panel.outcomes import criteria_for, outcome_set_in_force
    from submissions.enums import SubmissionStatus
    from submissions.models import Submission

    now, today = timezone.now(), timezone.localdate()
    secretariat = fill(ITEMS)
    Submission.objects.update(status=SubmissionStatus.SCHEDULED)
    chair = User.objects.create(email="chair@homeoffice.example", full_name="Chris Chair", role=Role.CHAIR,
                                password="!")
    readers = User.objects.bulk_create(
        User(email=f"reader{n}@homeoffice.example", full_name=f"Reader {n}", role=Role.PANEL_MEMBER, password="!")
        for n in range(1, READERS + 1))
    meeting = Meeting.objects.create(date=today, chair=chair, created_by=secretariat, status=MeetingStatus.HELD,
                                     papers_released_at=now, held_at=now, capacity=ITEMS)
    MeetingMember.objects.bulk_create(MeetingMember(meeting=meeting, member=reader, invited_by=secretariat,
                                                    attended=True) for reader in readers)
    submissions = list(Submission.objects.select_related("review").order_by("id"))
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, submission=submission, position=position, scheduled_by=secretariat)
        for position, submission in enumerate(submissions, start=1))
    assignments = ReaderAssignment.objects.bulk_create(
        ReaderAssignment(agenda_item=item, reader=reader, due_on=today - datetime.timedelta(days=7),
                         assigned_by=secretariat)
        for item in items for reader in readers)
    kinds = {item.pk: item.submission.review.kind for item in items}
    outcomes = {kind: list(outcome_set_in_force(kind, today).outcomes.all()) for kind in set(kinds.values())}
    criteria = {kind: list(criteria_for(kind)) for kind in set(kinds.values())}
    assessments = Assessment.objects.bulk_create(
        Assessment(assignment=assignment, status=AssessmentStatus.SUBMITTED, submitted_at=now,
                   strengths="The report gives a clear sense of who the victim was.",
                   recommended_outcome=outcomes[kinds[assignment.agenda_item_id]][index % 2])
        for index, assignment in enumerate(assignments))
    CriterionJudgement.objects.bulk_create(
        CriterionJudgement(assessment=assessment, criterion=criterion, judgement=criterion.judgement_options[0],
                           comment=f"What {assessment.assignment.reader.full_name} found on {criterion.heading}.")
        for assessment in assessments for criterion in criteria[kinds[assessment.assignment.agenda_item_id]])
    SuggestedIssue.objects.bulk_create(
        SuggestedIssue(assessment=assessment, position=position, text=f"Issue {position} the letter might raise.",
                       citation=f"Overview report {position}.12")
        for assessment in assessments for position in (1, 2))
    _current_item(meeting, items[0], chair, outcomes[kinds[items[0].pk]])
    return meeting


def _current_item(meeting, item, chair, outcomes):
    """Make the first item a second version, with national recommendations and a pending verdict; make it current."""
    from panel.enums import VerdictStatus
    from panel.models import NationalRecommendationResponse, Verdict, VerdictIssue
    from submissions.enums import IssueSource, NationalBody, RecommendationScope, SubmissionStatus
    from submissions.models import IssueResponse, RaisedIssue, Recommendation, Submission

    submission = item.submission
    submission.number = 2
    submission.save(update_fields=["number"])
    officer = submission.created_by
    first = Submission.objects.create(
        review=submission.review, number=1, status=SubmissionStatus.CHANGES_REQUESTED, created_by=officer,
        declaration_by=officer, declaration_at=submission.submitted_at, submitted_by=officer,
        submitted_at=submission.submitted_at)
    raised = RaisedIssue.objects.bulk_create(
        RaisedIssue(submission=first, source=IssueSource.PANEL, position=n, text=f"Issue {n} raised about version 1.")
        for n in (1, 2, 3))
    IssueResponse.objects.bulk_create(
        IssueResponse(issue=issue, submission=submission, text="Answered in this version.", answered_by=officer)
        for issue in raised[:2])
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(submission=submission, position=n, number=str(n), text=f"National recommendation {n}.",
                       scope=RecommendationScope.NATIONAL, national_body=NationalBody.HOME_OFFICE)
        for n in (1, 2, 3, 4))
    verdict = Verdict.objects.create(agenda_item=item, outcome=outcomes[1], status=VerdictStatus.PENDING,
                                     recorded_by=chair, commendation="A thorough report.")
    VerdictIssue.objects.bulk_create(
        VerdictIssue(verdict=verdict, position=n, text=f"Overview report {n}.12: an issue.") for n in (1, 2))
    response = NationalRecommendationResponse.objects.create(
        verdict=verdict, position=1, routed_to=NationalBody.HOME_OFFICE, text="The Home Office will reply.")
    response.recommendations.set(recommendations)
    meeting.current_item = item
    meeting.save(update_fields=["current_item"])


def _start_gunicorn(conn_max_age):
    port = _free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dhrqa.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--pythonpath", str(ROOT), "--log-level", "warning"],
        cwd=ROOT, env={**environment(DATABASE_URL), "DJANGO_DB_CONN_MAX_AGE": conn_max_age}, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"gunicorn stopped at start-up:\n{log.read().decode(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start listening within 30 s")


def _report(results, path, setting):
    bare, page = results[BARE_PATH], results[path]
    ratio = page["rps"] / bare["rps"]
    print(f"\nMeeting mode under load ({setting}): gunicorn with {WORKERS} sync workers, {CLIENT_THREADS} "
          f"http.client threads for {LOAD_SECONDS} s a page (in {ROUNDS} alternating turns), signed in as the "
          "chair; the bare view's 3 queries are the session, the user and its one")
    print(f"{'page':<36}{'requests/s':>12}{'bytes':>10}{'queries':>9}")
    for label, result in ((f"{BARE_PATH} (bare view)", bare), (f"{path} ({ITEMS}x{READERS})", page)):
        print(f"{label:<36}{result['rps']:>12.1f}{result['bytes']:>10,}{result['queries']:>9}")
    print(f"ratio, meeting mode / bare: {ratio:.2f}")
    met = page["queries"] <= QUERY_GOAL
    print(f"meeting mode queries: {page['queries']} (goal <= {QUERY_GOAL}: {'met' if met else 'NOT met'})")
    return met


if __name__ == "__main__":
    sys.exit(main())
