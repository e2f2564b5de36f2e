"""Benchmark: 50 simulated people for 2 minutes against gunicorn, through mixed journeys (`make bench`, or alone:
`.venv/bin/python bench/load.py [--users 50] [--seconds 120]`).

1. Make a database of the bench's own, dhrqa_bench_load (dropped first if a
   run left it behind), on the Postgres server in DATABASE_URL; migrate it and
   fill it (bench/load_data.py). Start a redis-server of its own on a free
   port; keep files in a temporary folder.
2. Serve the app with gunicorn on 127.0.0.1 as production runs it (the
   project's gunicorn.conf.py, when there is one), with a Celery worker of
   one pool process for the letters, and sign every simulated person in.
3. Warm up for 10 s with everything below. Baseline: the same number of users, waiting as long between requests,
   asking for a bare one-query Django view (bench/urls.py) for a third of the time.
4. Locust (bench/locustfile.py) runs the journeys: CSP officers browse their
   reviews, open one and download its report; the secretariat pages through
   lists; readers open their reviews and save assessment drafts; drafters ask
   for a letter and wait until it is rendered.
5. Print, per journey, requests, errors, p50 and p95, and p95 as a ratio to
   the bare view's. Goal: no errors, and p95 under 500 ms for page views.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import letter_worker  # noqa: E402  (its database, Redis and process helpers)
from journeys import BARE, DRAFT_READING_SECONDS, JOURNEYS, PAGE_VIEWS, THINK_SECONDS  # noqa: E402

DATABASE = "dhrqa_bench_load"
DATABASE_URL = letter_worker.DATABASE_URL.rsplit("/", 1)[0] + f"/{DATABASE}"
SPAWN_RATE = 10
WARM_UP_SECONDS = 10
PEOPLE = ["CspOfficer", "Secretariat", "Reader", "LetterDrafter"]
P95_GOAL_MS = 500


def main(users, seconds):
    import psycopg

    letter_worker.DATABASE_URL = DATABASE_URL
    try:
        letter_worker._run_sql(psycopg, "DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")
    except psycopg.OperationalError as error:
        print(f"Load benchmark not run: cannot reach Postgres for {DATABASE_URL}: {error}", file=sys.stderr)
        return 1
    processes = []
    with tempfile.TemporaryDirectory(prefix="dhrqa-bench-load-") as folder:
        folder = Path(folder)
        try:
            environment = {**letter_worker._environment(folder, letter_worker._start_redis(folder, processes)),
                           "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": DATABASE_URL,
                           # As docker-compose.yml runs the service: each thread keeps its connection.
                           "DJANGO_DB_CONN_MAX_AGE": os.environ.get("DJANGO_DB_CONN_MAX_AGE") or "60"}
            started = time.perf_counter()
            plan = _prepare_app(environment, folder)
            print(f"Load benchmark: casework made and {sum(map(len, plan['people'].values()))} people signed in "
                  f"in {time.perf_counter() - started:.0f} s; {os.cpu_count()} CPUs")
            letter_worker._start_worker(environment, 1, processes)
            host = _start_gunicorn(environment, processes)
            # Every process of the server and the worker imports, connects and compiles templates first.
            _locust(environment, folder, host, "warm-up", [*PEOPLE, "BareView"], users, WARM_UP_SECONDS)
            baseline = _locust(environment, folder, host, "baseline", ["BareView"], users, max(20, seconds // 3))
            journeys = _locust(environment, folder, host, "journeys", PEOPLE, users, seconds)
            for process in processes:
                if process.poll() is not None:
                    raise SystemExit(f"{process.args[:4]} stopped during the run with status {process.returncode}")
            return _report(baseline, journeys, users, seconds)
        finally:
            for process in reversed(processes):
                letter_worker._stop(process)
            from django.db import connections

            connections.close_all()
            letter_worker._run_sql(psycopg, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _prepare_app(environment, folder):
    """Migrate and fill the database in this process, sign everyone in; write the plan for locustfile.py."""
    os.environ.update(environment)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from load_data import fill

    call_command("migrate", verbosity=0)
    people, reviews = fill()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    plan = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "reviews": reviews,
        "people": {kind: [{**{k: v for k, v in person.items() if k != "user"}, "session": _session(person["user"])}
                          for person in persons] for kind, persons in people.items()},
    }
    path = folder / "plan.json"
    path.write_text(json.dumps(plan))
    environment["DHRQA_LOAD_PLAN"] = str(path)
    return plan


def _session(user):
    """A signed-in session of the user's own, past the code step, as the sign-in pages leave it."""
    from django.conf import settings
    from django.test import Client

    from tests.mfa import sign_in

    client = Client()
    sign_in(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _start_gunicorn(environment, processes):
    port = letter_worker._free_port()
    config = ROOT / "gunicorn.conf.py"
    options = ["--config", str(config)] if config.exists() else ["--workers", "3"]
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dhrqa.wsgi:application", *options, "--bind", f"127.0.0.1:{port}",
         "--pythonpath", str(ROOT), "--log-level", "warning", "--no-control-socket"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    processes.append(server)
    letter_worker._wait_for_port(port, server, "gunicorn")
    return f"http://127.0.0.1:{port}"


def _locust(environment, folder, host, label, user_classes, users, seconds):
    """Run locust headless for `seconds`; return its statistics by request name."""
    prefix = folder / label
    log = folder / f"{label}.log"
    finished = subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
         "--users", str(users), "--spawn-rate", str(SPAWN_RATE), "--run-time", f"{seconds}s", "--host", host,
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30", *user_classes],
        cwd=ROOT, env=environment, check=False, stdout=log.open("w"), stderr=subprocess.STDOUT)
    if not Path(f"{prefix}_stats.csv").exists():
        raise SystemExit(f"locust stopped with status {finished.returncode}:\n{log.read_text()[-3000:]}")
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = {(row["Type"], row["Name"]): row for row in csv.DictReader(stats)}
    with open(f"{prefix}_failures.csv", newline="") as failures:
        return rows, list(csv.DictReader(failures))


def _report(baseline, journeys, users, seconds):
    (baseline, _), (journeys, failures) = baseline, journeys
    bare = baseline[("GET", BARE)]
    bare_p95 = float(bare["95%"])
    print(f"\nLoad: {users} simulated people for {seconds} s, {THINK_SECONDS[0]} to {THINK_SECONDS[1]} s between "
          f"requests ({DRAFT_READING_SECONDS[0]} to {DRAFT_READING_SECONDS[1]} s between a drafter's letters); "
          f"baseline: the bare one-query view, same users")
    print(f"  {'journey':<36} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p95 / bare':>10}")
    print(f"  {'GET bare view (baseline)':<36} {bare['Request Count']:>8} {bare['Failure Count']:>6} "
          f"{bare['50%']:>7} {bare['95%']:>7} {'1.00x':>10}")
    errors, slow = 0, []
    for name in JOURNEYS:
        for (method, row_name), row in journeys.items():
            if row_name != name:
                continue
            errors += int(row["Failure Count"])
            p95 = float(row["95%"])
            print(f"  {method + ' ' + name:<36} {row['Request Count']:>8} {row['Failure Count']:>6} {row['50%']:>7} "
                  f"{row['95%']:>7} {p95 / bare_p95 if bare_p95 else float('nan'):>9.2f}x")
            if name in PAGE_VIEWS and method == "GET" and p95 >= P95_GOAL_MS:
                slow.append(name)
    total = journeys[("", "Aggregated")]
    print(f"  {'all requests':<36} {total['Request Count']:>8} {total['Failure Count']:>6} {total['50%']:>7} "
          f"{total['95%']:>7}   ({float(total['Requests/s']):.1f} requests/s)")
    for failure in failures[:10]:
        print(f"  error: {failure['Occurrences']} x {failure['Method']} {failure['Name']}: {failure['Error']}")
    print(f"Goal: no errors ({'met' if errors == 0 else f'NOT met: {errors}'}), p95 under {P95_GOAL_MS} ms for "
          f"page views ({'met' if not slow else 'NOT met: ' + ', '.join(slow)})")
    # Timings move with whatever else the machine does: printed, met or not. Errors fail the run.
    return 1 if errors else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    arguments = parser.parse_args()
    sys.exit(main(arguments.users, arguments.seconds))
