"""A real gunicorn serving the application to tests, on the test database and files."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db import connection

VENV_BIN = Path(sys.executable).parent
READY_SECONDS = 30


@contextlib.contextmanager
def running_gunicorn(env=None, *, config=None):
    """Start gunicorn (one sync worker, the kind production runs) on a free port; yield an object with `.url`.

    The Django test server reads every request body to its end whatever the
    application does, so only a real server shows what a browser sees when
    the application stops reading. `env` adds to the server's environment,
    e.g. {"DHRQA_MAX_UPLOAD_BYTES": "1048576"}. `config` runs it with that
    gunicorn configuration file instead of the one-worker defaults.
    """
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        # The test settings, serving static files through the finders as the test server does.
        "DJANGO_SETTINGS_MODULE": "tests.gunicorn_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DHRQA_TEST_FILES": str(settings.PRIVATE_STORAGE_ROOT.parent),
        **(env or {}),
    }
    options = ["--config", str(config)] if config else ["--workers", "1", "--no-control-socket"]
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "dhrqa.wsgi:application", *options, "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env,
    )
    try:
        _wait_for(port, server)
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}", process=server)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port, server):
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up with status {server.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {READY_SECONDS} s")
