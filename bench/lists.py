"""Benchmark: the submissions list under load, against a bare Django view (`make bench`, or on its own).

1. Make a database of the bench's own, dhrqa_bench (dropped first if a run
   left it behind), on the Postgres server in DATABASE_URL (default
   127.0.0.1:5432); migrate it and fill it with 10,000 sent versions
   (bench/list_data.py).
2. Serve the app with gunicorn on 127.0.0.1, with bench/settings.py: the
   app's settings, plus a bare view and a query-counting header that only
   the bench's URL conf and middleware have.
3. Sign a secretariat officer in (a database session) and run a few
   http.client threads against each URL for LOAD_SECONDS, in turns that
   alternate between the two.
4. Print requests per second for both, their ratio, and the list page's
   size and query count from the same run. Stop gunicorn, drop the database.
"""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "dhrqa_bench"
_SERVER = urllib.parse.urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/dhrqa")
DATABASE_URL = urllib.parse.urlunsplit(_SERVER._replace(path=f"/{DATABASE}"))
SUBMISSIONS = 10_000
WORKERS = 2
CLIENT_THREADS = 4
LOAD_SECONDS = 10
ROUNDS = 5
WARMUP_REQUESTS = 20
LIST_PATH = "/submissions/"
BARE_PATH = "/bench/bare/"
# The brief's goals, printed beside what was measured.
RATIO_GOAL = 0.40
QUERY_GOAL = 10


def main():
    import psycopg

    if not _SERVER.scheme.startswith("postgres"):
        print("Lists benchmark not run: it needs Postgres; set DATABASE_URL to a postgres:// URL", file=sys.stderr)
        return 1
    try:
        _recreate_database(psycopg)
    except psycopg.OperationalError as error:
        print(f"Lists benchmark not run: cannot reach Postgres for {DATABASE_URL}: {error}", file=sys.stderr)
        return 1
    try:
        secretariat_session = _prepare_app()
        # The application's default first; then with persistent connections, which make every
        # page faster but the bare view most of all, so the ratio says less about the list.
        for conn_max_age, label in ((os.environ.get("DJANGO_DB_CONN_MAX_AGE", "0"), "as configured"),
                                    ("60", "persistent database connections")):
            server, port = _start_gunicorn(conn_max_age)
            try:
                results = _measure(port, (BARE_PATH, LIST_PATH), secretariat_session)
            finally:
                server.terminate()
                server.wait(timeout=30)
            _report(results, f"DJANGO_DB_CONN_MAX_AGE={conn_max_age}, {label}")
    finally:
        from django.db import connections

        connections.close_all()
        _drop_database(psycopg)
    return 0


def _environment():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_DEBUG": "false",
        # With DEBUG off settings want a secret key; the bench's servers sign nothing that lasts.
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Nothing the list does queues a task.
        "CELERY_BROKER_URL": "memory://localhost/",
        # Only the HTML is fetched: no collected static files, so no manifest.
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # WhiteNoise warns that STATIC_ROOT was never collected.
        "PYTHONWARNINGS": "ignore:No directory at",
    }


def _maintenance_conninfo(psycopg):
    return psycopg.conninfo.make_conninfo(DATABASE_URL, dbname="postgres")


def _database_name(psycopg):
    return psycopg.conninfo.conninfo_to_dict(DATABASE_URL)["dbname"]


def _recreate_database(psycopg):
    name = psycopg.sql.Identifier(_database_name(psycopg))
    with psycopg.connect(_maintenance_conninfo(psycopg), autocommit=True) as connection:
        connection.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(name))


def _drop_database(psycopg):
    name = psycopg.sql.Identifier(_database_name(psycopg))
    with psycopg.connect(_maintenance_conninfo(psycopg), autocommit=True) as connection:
        connection.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def _prepare_app():
    """Migrate and fill the database in this process; return a signed-in secretariat session's cookie."""
    os.environ.update(_environment())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from list_data import fill
    from tests.mfa import sign_in

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    secretariat = fill(SUBMISSIONS)
    # As autovacuum leaves a table in use: statistics gathered and the visibility map set.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Lists benchmark: {SUBMISSIONS:,} sent versions made in {time.perf_counter() - started:.0f} s")
    client = Client()
    sign_in(client, secretariat)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(conn_max_age):
    port = _free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dhrqa.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--pythonpath", str(ROOT), "--log-level", "warning"],
        cwd=ROOT, env={**_environment(), "DJANGO_DB_CONN_MAX_AGE": conn_max_age}, stdout=log, stderr=subprocess.STDOUT,
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


def _get(connection, path, cookie):
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}, not 200: the bench is not measuring the page")
    return response, body


def _measure(port, paths, cookie):
    """Requests per second for each path, and one response's size and query count.

    Each path gets LOAD_SECONDS in all, as ROUNDS turns taken in alternating
    order, so that load from elsewhere on the machine falls on both alike.
    """
    results = {}
    for path in paths:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(WARMUP_REQUESTS):
            response, body = _get(connection, path, cookie)
        connection.close()
        results[path] = {"requests": 0, "seconds": 0.0, "bytes": len(body),
                         "queries": int(response.headers["X-Query-Count"])}
    for turn in range(ROUNDS):
        for path in paths if turn % 2 == 0 else reversed(paths):
            requests, seconds = _load(port, path, cookie, LOAD_SECONDS / ROUNDS)
            results[path]["requests"] += requests
            results[path]["seconds"] += seconds
    for result in results.values():
        result["rps"] = result["requests"] / result["seconds"]
    return results


def _load(port, path, cookie, seconds):
    """(requests answered, seconds taken) with CLIENT_THREADS threads asking for `path` for `seconds`."""
    counts = [0] * CLIENT_THREADS
    deadline = time.perf_counter() + seconds

    def load(slot):
        # gunicorn's sync workers close every connection; http.client opens the next.
        own = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            _get(own, path, cookie)
            counts[slot] += 1
        own.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=load, args=(slot,)) for slot in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts), time.perf_counter() - started


def _report(results, setting):
    bare, page = results[BARE_PATH], results[LIST_PATH]
    ratio = page["rps"] / bare["rps"]
    print(f"\nSubmissions list under load ({setting}): gunicorn with {WORKERS} sync workers, {CLIENT_THREADS} "
          f"http.client threads for {LOAD_SECONDS} s a page (in {ROUNDS} alternating turns), signed in as the "
          "secretariat; the bare view's 3 queries are the session, the user and its one")
    print(f"{'page':<28}{'requests/s':>12}{'bytes':>10}{'queries':>9}")
    for label, result in ((f"{BARE_PATH} (bare view)", bare), (f"{LIST_PATH} (first page)", page)):
        print(f"{label:<28}{result['rps']:>12.1f}{result['bytes']:>10,}{result['queries']:>9}")
    print(f"ratio, list / bare: {ratio:.2f} (goal >= {RATIO_GOAL:.2f}: {'met' if ratio >= RATIO_GOAL else 'NOT met'})")
    print(f"list queries: {page['queries']} (goal <= {QUERY_GOAL}: "
          f"{'met' if page['queries'] <= QUERY_GOAL else 'NOT met'})")


if __name__ == "__main__":
    sys.exit(main())
