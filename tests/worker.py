"""A real Celery worker for tests, on Redis and the test database, that a test may kill and start again."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from dhrqa.celery import app as celery_app

VENV_BIN = Path(sys.executable).parent
STOP_SECONDS = 20


class Worker:
    """`celery worker` in a process group of its own, with its pool's processes.

    `poll()` and `returncode` answer for the worker's main process, as
    `subprocess.Popen` does.
    """

    def __init__(self, env, *, pool, concurrency):
        self.env = env
        self.pool = pool
        self.concurrency = concurrency
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(VENV_BIN / "celery"), "-A", "dhrqa", "worker", f"--pool={self.pool}",
             f"--concurrency={self.concurrency}", "--without-heartbeat", "--without-gossip",
             "--without-mingle", "--loglevel=warning"],
            cwd=settings.BASE_DIR, env=self.env, start_new_session=True,
        )
        return self

    def poll(self):
        return self.process.poll()

    @property
    def returncode(self):
        return self.process.returncode

    def pool_processes(self, *, at_least=1, timeout=30):
        """The process ids of the prefork pool's processes, once there are `at_least` of them."""
        deadline = time.monotonic() + timeout
        while True:
            children = _children(self.process.pid)
            if len(children) >= at_least:
                return children
            if time.monotonic() > deadline or self.poll() is not None:
                raise RuntimeError(f"the worker has {len(children)} pool processes, not {at_least}")
            time.sleep(0.05)

    def kill_pool_process(self, pid=None):
        """SIGKILL one pool process (by default the first), as the kernel's OOM killer would; return its id."""
        pid = pid or self.pool_processes()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill(self):
        """SIGKILL the worker and its pool processes at once, as a machine or container going away would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_SECONDS)

    def stop(self):
        """Ask the worker to finish what it holds and stop (SIGTERM); kill it if it takes too long."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.kill()
        # Pool processes left behind by a killed main process.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


def worker_environment(env=None):
    """The environment a worker needs to use the test database, broker and files; `env` adds to it."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dhrqa.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": celery_app.conf.broker_url,
        "DHRQA_TEST_FILES": str(settings.PRIVATE_STORAGE_ROOT.parent),
        **(env or {}),
    }


@contextlib.contextmanager
def running_worker(env=None, *, pool="solo", concurrency=1):
    """Start `celery worker` against the test database and files; stop it after.

    `env` adds to or overrides the worker's environment, e.g. an EMAIL_URL.
    The worker yielded can be killed (`kill`, `kill_pool_process`) and
    started again (`start`); a prefork `pool` has pool processes to kill.
    """
    celery_app.control.purge()
    worker = Worker(worker_environment(env), pool=pool, concurrency=concurrency).start()
    try:
        yield worker
    finally:
        worker.stop()
        with contextlib.suppress(Exception):
            celery_app.control.purge()


@contextlib.contextmanager
def using_broker(url):
    """Point this process's Celery app (what `queue_render` and `notify` send through) at `url` for the block."""
    previous = os.environ.get("CELERY_BROKER_URL")
    _switch_broker(url)
    try:
        yield
    finally:
        _switch_broker(previous)


def _switch_broker(url):
    # Celery reads the environment variable before its own setting.
    if url is None:
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = url
    # What Celery itself resets after a fork, so the next send takes a connection to the new URL
    # (kombu keeps a pool of them for each URL).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class RedisServer:
    """A redis-server of the test's own on a free port, keeping nothing on disk: stopping it loses every message.

    For faults that must not touch the shared Redis: `stop` and `start` it again on the same port.
    """

    def __init__(self, folder):
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + STOP_SECONDS
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)
        client.close()
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=STOP_SECONDS)


@contextlib.contextmanager
def running_redis(folder):
    server = RedisServer(folder).start()
    try:
        yield server
    finally:
        server.stop()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid):
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            # The fields after the command name, which is in brackets and may hold spaces.
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return sorted(children)
