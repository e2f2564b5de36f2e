"""Two saves at once, each in its own thread with its own database connection, for the optimistic-locking tests.

The first save runs in a transaction held open until the second has started and is waiting for
Postgres to release a lock the first holds; then the first commits. Without the service's
`select_for_update`, the second would not wait, would read the old revision and save over the first.
"""

import threading
import time

from django.db import connection, transaction

WAIT_SECONDS = 10


def race(first, second):
    """Run `first()` and `second()` as two simultaneous requests would; return what each returned or raised."""
    outcomes = {}
    first_saved, release = threading.Event(), threading.Event()

    def run(name, call, before=None, after=None):
        try:
            if before:
                before.wait(WAIT_SECONDS)
            with transaction.atomic():
                outcomes[name] = call()
                if after:
                    after()
        except Exception as refused:  # the test asserts which refusal it was
            outcomes[name] = refused
        finally:
            connection.close()

    def hold_open():
        first_saved.set()
        release.wait(WAIT_SECONDS)

    threads = [threading.Thread(target=run, args=("first", first, None, hold_open)),
               threading.Thread(target=run, args=("second", second, first_saved))]
    for thread in threads:
        thread.start()
    first_saved.wait(WAIT_SECONDS)
    waited = _until_a_lock_is_awaited()
    release.set()
    for thread in threads:
        thread.join(WAIT_SECONDS * 2)
    return outcomes["first"], outcomes["second"], waited


def _until_a_lock_is_awaited():
    """Whether the second save came to wait on a row lock (within WAIT_SECONDS)."""
    deadline = time.monotonic() + WAIT_SECONDS
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False
