"""Benchmark: the "Add to the agenda" page under load, against a bare Django view (`make bench`, or on its own).

What the secretariat meets when 9,500 of 10,000 versions wait for a meeting.
Before issue 6 the page listed every one of them as a radio button (3 MB,
0.6 requests a second); now it shows 50 a page, each with its own button.

1. Make a database of the bench's own, dhrqa_bench_agenda (dropped first if
   a run left it behind), on the Postgres server in DATABASE_URL; migrate it,
   fill it with bench/list_data.py's 10,000 versions, make 9,500 of them
   accepted, and plan one meeting. VACUUM ANALYZE, as autovacuum would.
2. Serve the app with gunicorn on 127.0.0.1 with bench/settings.py (the bare
   view and the X-Query-Count header, as bench/lists.py does).
3. Sign a secretariat officer in and load the bare view, the page's first
   page and a search by pseudonym (which matches one review in five), in
   alternating turns (bench/lists.py's _measure).
4. Print requests per second, the ratio to the bare view, page size in KB
   and query count. Stop gunicorn, drop the database.
"""

import os
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import lists  # noqa: E402  (its server, load and timing, pointed at this bench's own database)

DATABASE = "dhrqa_bench_agenda"
lists.DATABASE_URL = urllib.parse.urlunsplit(lists._SERVER._replace(path=f"/{DATABASE}"))
SUBMISSIONS = 10_000
# One version in twenty is not accepted: received, returned, scheduled...
NOT_ACCEPTED_EVERY = 20
BARE_PATH = lists.BARE_PATH
QUERY_GOAL = 10


def main():
    import psycopg

    if not lists._SERVER.scheme.startswith("postgres"):
        print("Agenda benchmark not run: it needs Postgres; set DATABASE_URL to a postgres:// URL", file=sys.stderr)
        return 1
    try:
        lists._recreate_database(psycopg)
    except psycopg.OperationalError as error:
        print(f"Agenda benchmark not run: cannot reach Postgres for {lists.DATABASE_URL}: {error}", file=sys.stderr)
        return 1
    try:
        session, page, waiting = _prepare_app()
        search = f"{page}?q=louise"
        server, port = lists._start_gunicorn(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "0"))
        try:
            results = lists._measure(port, (BARE_PATH, page, search), session)
        finally:
            server.terminate()
            server.wait(timeout=30)
        _report(results, page, search, waiting)
    finally:
        from django.db import connections

        connections.close_all()
        lists._drop_database(psycopg)
    return 0


def _prepare_app():
    """Migrate and fill the database; return a secretariat session's cookie, the page's path and how many wait."""
    os.environ.update(lists._environment())
    sys.path.insert(0, str(ROOT))
    import datetime

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from dhrqa.enums import Role
    from dhrqa.models import User
    from list_data import fill
    from panel.models import Meeting
    from submissions.enums import SubmissionStatus
    from submissions.models import Submission
    from tests.mfa import sign_in

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    secretariat = fill(SUBMISSIONS)
    ids = Submission.objects.order_by("pk").values_list("pk", flat=True)
    accepted = [pk for index, pk in enumerate(ids) if index % NOT_ACCEPTED_EVERY]
    Submission.objects.filter(pk__in=accepted).update(status=SubmissionStatus.ACCEPTED)
    chair = User.objects.create(email="chair@homeoffice.example", full_name="Cara Chair", role=Role.CHAIR,
                                password="!")
    meeting = Meeting.objects.create(date=datetime.date(2026, 12, 9), chair=chair, created_by=secretariat,
                                     capacity=30)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Agenda benchmark: {SUBMISSIONS:,} sent versions, {len(accepted):,} of them accepted, made in "
          f"{time.perf_counter() - started:.0f} s")
    client = Client()
    sign_in(client, secretariat)
    return (f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
            reverse("panel:agenda_add", kwargs={"pk": meeting.pk}), len(accepted))


def _report(results, page, search, waiting):
    bare = results[BARE_PATH]
    print(f"\nAdd to the agenda under load: gunicorn with {lists.WORKERS} sync workers, {lists.CLIENT_THREADS} "
          f"http.client threads for {lists.LOAD_SECONDS} s a page (in {lists.ROUNDS} alternating turns), signed in "
          f"as the secretariat, {waiting:,} versions waiting")
    print(f"{'page':<34}{'requests/s':>12}{'KB':>8}{'queries':>9}{'ratio':>8}")
    for label, path in (("bare view", BARE_PATH), ("first page of 50", page), ("search ?q=louise", search)):
        result = results[path]
        print(f"{label:<34}{result['rps']:>12.1f}{result['bytes'] / 1024:>8.1f}{result['queries']:>9}"
              f"{result['rps'] / bare['rps']:>8.2f}")
    most = max(results[page]["queries"], results[search]["queries"])
    print(f"ratio = requests/s over the bare view's; page queries at most {most} "
          f"(goal <= {QUERY_GOAL}: {'met' if most <= QUERY_GOAL else 'NOT met'})")

if __name__ == "__main__":
    sys.exit(main())
