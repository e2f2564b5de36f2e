"""A real Celery worker for tests, on Redis and the test database."""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

from dhrqa.celery import app as celery_app

VENV_BIN = Path(sys.executable).parent


@contextlib.contextmanager
def running_worker(env=None):
    """Start `celery worker` against the test database and files; stop it after.

    `env` adds to or overrides the worker's environment, e.g. an EMAIL_URL.
    """
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dhrqa.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DHRQA_TEST_FILES": str(settings.PRIVATE_STORAGE_ROOT.parent),
        **(env or {}),
    }
    celery_app.control.purge()
    worker = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "dhrqa", "worker", "--pool=solo", "--concurrency=1",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=warning"],
        cwd=settings.BASE_DIR, env=env,
    )
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        celery_app.control.purge()
