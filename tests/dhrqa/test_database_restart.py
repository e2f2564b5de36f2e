"""The database stops and restarts under a running gunicorn: requests fail cleanly, then recover, with no restart.

The test needs a Postgres it may stop, so it starts a cluster of its own
(initdb, pg_ctl from the server's packages) on a free port; the suite's
shared server is never touched. The application runs in a real gunicorn
with persistent connections (DJANGO_DB_CONN_MAX_AGE=60), the case where a
dead connection could outlive the restart.
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.gunicorn import running_gunicorn

PG_BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)
pytestmark = pytest.mark.skipif(PG_BIN is None, reason="Postgres's server programs are not installed")
UNAVAILABLE = "Sorry, the service is unavailable"
SECRETARIAT_PAGE = "/submissions/"


@pytest.fixture(scope="module")
def own_postgres():
    """A Postgres cluster of this test's own, with an empty database `dhrqa`; yields (url, start, stop)."""
    folder = Path(tempfile.mkdtemp(prefix="dhrqa-pg-"))
    port = _free_port()
    if os.geteuid() == 0:  # Postgres will not run as root
        os.chown(folder, pwd.getpwnam("postgres").pw_uid, pwd.getpwnam("postgres").pw_gid)
    data = folder / "data"
    _as_postgres(["initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])

    def start():
        _as_postgres(["pg_ctl", "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
                      f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"])

    def stop():
        _as_postgres(["pg_ctl", "-D", str(data), "-w", "-m", "fast", "stop"])

    start()
    try:
        _as_postgres(["createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "dhrqa"])
        yield f"postgres://postgres@127.0.0.1:{port}/dhrqa", start, stop
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def served(own_postgres, django_db_setup):
    """The app's tables on the cluster, served by gunicorn; yields (server, session cookie, start, stop).

    The tables, and the rows the migrations seed, are copied from the test database, which the suite
    has already migrated (pg_dump into psql: a second or two, where migrating afresh takes tens).
    """
    url, start, stop = own_postgres
    db = connection.settings_dict
    test_database = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    dump = subprocess.run(["pg_dump", "--no-owner", "--no-privileges", "--dbname", test_database],
                          check=True, capture_output=True)
    subprocess.run(["psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--dbname", url], input=dump.stdout,
                   check=True, capture_output=True)
    env = {"DATABASE_URL": url, "DJANGO_DB_CONN_MAX_AGE": "60", "DJANGO_SETTINGS_MODULE": "tests.gunicorn_settings"}
    manage = [sys.executable, "manage.py"]
    made = subprocess.run([*manage, "shell", "-c", SIGN_IN_SCRIPT], cwd=settings.BASE_DIR,
                          env={**os.environ, **env}, check=True, capture_output=True, text=True)
    cookie = made.stdout.strip().splitlines()[-1]
    with running_gunicorn(env) as server:
        yield server, cookie, start, stop


# Run in the app's own shell against the cluster: a secretariat officer, signed in past the code step.
SIGN_IN_SCRIPT = """
from django.conf import settings
from django.db import connection
from django.test import Client
from dhrqa.enums import Role
from dhrqa.models import User
from tests.mfa import sign_in
user = User.objects.create_user("sasha@homeoffice.example", "unused-password-1234", full_name="Sasha Secretariat",
                                role=Role.SECRETARIAT)
client = Client()
sign_in(client, user)
print(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
"""


def test_database_stopped_pages_say_unavailable_then_work_again_without_restart(served):
    server, cookie, start, stop = served
    status, _, body = _get(server, cookie)
    assert (status, "Submissions" in body) == (200, True)

    stop()
    try:
        began = time.monotonic()
        status, headers, body = _get(server, cookie)
        assert (status, headers.get("Retry-After")) == (503, "30")
        assert UNAVAILABLE in body
        assert time.monotonic() - began < 5
        # The sign-in page, which needs no database to be shown, still is.
        assert _get(server, None, "/sign-in/")[0] == 200
    finally:
        start()

    status, _, body = _get(server, cookie)
    assert (status, "Submissions" in body) == (200, True)
    assert server.process.poll() is None


def test_database_restarted_during_use_every_request_answers_and_all_recover(served):
    server, cookie, start, stop = served
    answers, done = [], threading.Event()

    def keep_asking():
        while not done.is_set():
            status, _, body = _get(server, cookie)
            answers.append(status if status != 200 or "Submissions" in body else "another page")
            time.sleep(0.05)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        time.sleep(0.5)
        stop()
        time.sleep(1)
        start()
        time.sleep(1)
    finally:
        done.set()
        asker.join(timeout=30)

    assert set(answers) <= {200, 503}, answers
    assert 503 in answers
    after = [_get(server, cookie) for _ in range(5)]
    assert [(status, "Submissions" in body) for status, _, body in after] == [(200, True)] * 5


def _get(server, cookie, path=SECRETARIAT_PAGE):
    request = urllib.request.Request(server.url + path, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _as_postgres(command):
    program = [str(Path(PG_BIN) / command[0]), *command[1:]]
    if os.geteuid() == 0:
        program = ["runuser", "-u", "postgres", "--", *program]
    subprocess.run(program, check=True, capture_output=True, cwd="/")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
