"""Benchmark: the delay dashboard at 10,000 reviews, under load, against a bare Django view.

Run by `make bench` (bench/run.py), or alone: `.venv/bin/python bench/dashboard.py`.

1. Make a database of the bench's own, dhrqa_bench_dashboard (dropped first if
   a run left it behind), on the Postgres server in DATABASE_URL (default
   127.0.0.1:5432); migrate it and fill it with 10,000 fictional reviews over
   ten years (panel/demo/history.py, as the dashboard's query-count test does).
2. Serve the app with gunicorn as bench/lists.py does (bench/settings.py:
   the bare view and the X-Query-Count header).
3. Sign the secretariat in, and load the dashboard and the bare view in
   turns, as bench/lists.py does (its _measure).
4. Print both pages' requests per second, their ratio, and the dashboard's
   size and query count (goal: at most 10, whatever the number of reviews).
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

# The load itself is bench/lists.py's, so that the benches' figures compare.
from lists import BARE_PATH, CLIENT_THREADS, LOAD_SECONDS, ROUNDS, WORKERS, _free_port, _measure  # noqa: E402
from bench_database import environment, run_sql  # noqa: E402

# Its own database, unless DHRQA_BENCH_DASHBOARD_DB names another (which it drops and makes again).
DATABASE = os.environ.get("DHRQA_BENCH_DASHBOARD_DB", "dhrqa_bench_dashboard")
_SERVER = urllib.parse.urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/dhrqa")
DATABASE_URL = urllib.parse.urlunsplit(_SERVER._replace(path=f"/{DATABASE}"))
REVIEWS = 10_000
DASHBOARD_PATH = "/dashboard/"
QUERY_GOAL = 10


def main():
    import psycopg

    if not _SERVER.scheme.startswith("postgres"):
        print("Dashboard benchmark not run: it needs Postgres; set DATABASE_URL to a postgres:// URL",
              file=sys.stderr)
        return 1
    try:
        run_sql(DATABASE_URL, "DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")
    except psycopg.OperationalError as error:
        print(f"Dashboard benchmark not run: cannot reach Postgres for {DATABASE_URL}: {error}", file=sys.stderr)
        return 1
    met = True
    try:
        session = _prepare_app()
        for conn_max_age, label in ((os.environ.get("DJANGO_DB_CONN_MAX_AGE", "0"), "as configured"),
                                    ("60", "persistent database connections")):
            server, port = _start_gunicorn(conn_max_age)
            try:
                results = _measure(port, (BARE_PATH, DASHBOARD_PATH), session)
            finally:
                server.terminate()
                server.wait(timeout=30)
            met = _report(results, f"DJANGO_DB_CONN_MAX_AGE={conn_max_age}, {label}") and met
    finally:
        from django.db import connections

        connections.close_all()
        run_sql(DATABASE_URL, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
    # The query ceiling is a requirement, not a figure to watch: missing it fails `make bench`.
    return 0 if met else 1


def _prepare_app():
    """Migrate and fill the database in this process; return the secretariat's session cookie."""
    os.environ.update(environment(DATABASE_URL))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from dhrqa.enums import Role
    from dhrqa.models import User
    from panel.demo.history import LetterFile, build_history, csp_officers, history_csps
    from tests.mfa import sign_in

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    secretariat = User.objects.create(email="secretariat@homeoffice.example", full_name="Sam Secretariat",
                                      role=Role.SECRETARIAT, password="!")
    chair = User.objects.create(email="chair@homeoffice.example", full_name="Chris Chair", role=Role.CHAIR,
                                password="!")
    csps = history_csps()
    history = build_history(csps=csps, officers=csp_officers(csps), secretariat=secretariat, chair=chair,
                            count=REVIEWS, today=datetime.date(2026, 11, 30),
                            letter_file=LetterFile(name="letters/bench.pdf", sha256="0" * 64))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Dashboard benchmark: {len(history.reviews):,} reviews, {history.meetings} meetings, "
          f"{history.letters:,} letters, made in {time.perf_counter() - started:.0f} s")
    client = Client()
    sign_in(client, secretariat)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _start_gunicorn(conn_max_age):
    port = _free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dhrqa.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--pythonpath", str(ROOT), "--log-level", "warning", "--timeout", "120"],
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


def _report(results, setting):
    bare, page = results[BARE_PATH], results[DASHBOARD_PATH]
    ratio = page["rps"] / bare["rps"]
    print(f"\nDelay dashboard under load ({setting}): gunicorn with {WORKERS} sync workers, {CLIENT_THREADS} "
          f"http.client threads for {LOAD_SECONDS} s a page (in {ROUNDS} alternating turns), signed in as the "
          "secretariat; the bare view's 3 queries are the session, the user and its one")
    print(f"{'page':<36}{'requests/s':>12}{'bytes':>10}{'queries':>9}")
    for label, result in ((f"{BARE_PATH} (bare view)", bare), (f"{DASHBOARD_PATH} ({REVIEWS:,} reviews)", page)):
        print(f"{label:<36}{result['rps']:>12.1f}{result['bytes']:>10,}{result['queries']:>9}")
    print(f"ratio, dashboard / bare: {ratio:.3f}")
    met = page["queries"] <= QUERY_GOAL
    print(f"dashboard queries: {page['queries']} (goal <= {QUERY_GOAL}: {'met' if met else 'NOT met'})")
    return met


if __name__ == "__main__":
    sys.exit(main())
