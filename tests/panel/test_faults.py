"""Faults made on purpose under real workers: a render killed, delivered twice, timed out, its broker gone.

Each test runs its own redis-server (tests/worker.py's `RedisServer`), which this process and the
workers use, so that stopping it touches nobody else. The workers' renders are held for a moment
(DHRQA_TEST_RENDER_DELAY_SECONDS, honoured by the test settings only) so that a test can kill a worker
while it renders; DHRQA_TASK_TIME_LIMIT_SECONDS=4 makes Redis hand back a killed worker's messages
after 6 seconds rather than 90.
"""

import datetime
import posixpath
import time

import pytest
import redis
from django.db import transaction

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent, PendingFileDeletion
from dhrqa.notifications import notify
from dhrqa.storage import private_storage
from panel.enums import RenderStatus
from panel.models import Letter
from panel.services.letters import draft_letter
from panel.services.rendering import sweep_stalled_renders
from panel.tasks import render_letter_task
from tests.factories import VerdictFactory
from tests.panel.scenario import LETTER_DATE, audit_trail
from tests.smtp import running_smtp_server
from tests.worker import running_redis, running_worker, using_broker

# The worker only sees committed rows, hence transactional tests, restored from the serialized copy
# so that the letter templates a migration adds survive the flush.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAIT_SECONDS = 45
SHORT_LIMITS = {"DHRQA_TASK_TIME_LIMIT_SECONDS": "4"}


@pytest.fixture
def broker(tmp_path):
    """A redis-server of this test's own, used by this process and every worker it starts."""
    with running_redis(tmp_path) as server, using_broker(server.url):
        yield server


def wait_until(condition, what, timeout=WAIT_SECONDS):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not {what} after {timeout} s")
        time.sleep(0.05)


def broker_idle(server):
    """Nothing queued and nothing held unacknowledged: every message sent was handled."""
    client = redis.Redis.from_url(server.url)
    try:
        return client.llen("celery") == 0 and client.hlen("unacked") == 0
    finally:
        client.close()


def letter(pk):
    return Letter.objects.get(pk=pk)


def render_status(pk):
    return Letter.objects.filter(pk=pk).values_list("render_status", "render_attempts").get()


def draft_files(pk):
    """The files in the letter's drafts folder, less those recorded for deletion after the grace."""
    folder = f"letters/drafts/{pk}"
    pending = set(PendingFileDeletion.objects.values_list("name", flat=True))
    try:
        return sorted(name for name in private_storage().listdir(folder)[1] if f"{folder}/{name}" not in pending)
    except FileNotFoundError:
        return []


def rendered_once(pk):
    """The letter is ready, with one file in its folder, the one it names, and one "rendered" event."""
    found = letter(pk)
    events = AuditEvent.objects.filter(object_type="panel.Letter", object_id=str(pk),
                                       action=AuditAction.LETTER_RENDERED).count()
    return (found.render_status, draft_files(pk), events) == (
        RenderStatus.READY, [posixpath.basename(found.draft_pdf.name)], 1)


def test_render_delivered_twice_renders_once(broker, verdict, secretariat):
    with running_worker({"DHRQA_TEST_RENDER_DELAY_SECONDS": "2"}, pool="prefork", concurrency=2) as worker:
        pk = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE).pk
        render_letter_task.delay(letter_id=pk)
        # Both pool processes render it at once; the second to finish throws its file away.
        wait_until(lambda: render_status(pk)[0] == RenderStatus.READY and broker_idle(broker), "rendered")
        assert worker.poll() is None

    assert render_status(pk) == (RenderStatus.READY, 2)
    assert rendered_once(pk)
    assert [action for _, action, _ in audit_trail(letter(pk))] == [
        AuditAction.LETTER_DRAFTED, AuditAction.LETTER_RENDERED]


def test_pool_process_killed_mid_render_renders_once(broker, verdict, secretariat):
    with running_worker({"DHRQA_TEST_RENDER_DELAY_SECONDS": "1"}, pool="prefork") as worker:
        pk = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE).pk
        wait_until(lambda: render_status(pk) == (RenderStatus.QUEUED, 1), "rendering")

        worker.kill_pool_process()

        # The worker hands the message back (reject_on_worker_lost) to a new pool process within seconds.
        wait_until(lambda: render_status(pk)[0] == RenderStatus.READY and broker_idle(broker), "rendered")
        assert worker.poll() is None

    assert render_status(pk) == (RenderStatus.READY, 2)
    assert rendered_once(pk)


def test_worker_killed_mid_render_renders_once_when_a_worker_runs_again(broker, verdict, secretariat):
    env = {**SHORT_LIMITS, "DHRQA_TEST_RENDER_DELAY_SECONDS": "1"}
    with running_worker(env, pool="prefork") as worker:
        pk = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE).pk
        wait_until(lambda: render_status(pk) == (RenderStatus.QUEUED, 1), "rendering")

        worker.kill()
        killed_at = time.monotonic()
        worker.start()

        # Redis hands the unacknowledged message back 6 s (the visibility timeout) after delivering it.
        wait_until(lambda: render_status(pk)[0] == RenderStatus.READY and broker_idle(broker), "rendered")
        assert time.monotonic() - killed_at >= 4

    assert render_status(pk) == (RenderStatus.READY, 2)
    assert rendered_once(pk)


def test_render_past_hard_time_limit_marks_letter_failed(broker, verdict, secretariat):
    # A message carries the time limits of the process that sent it, this one's (60 s): the worker
    # purges the draft's message as it starts, and the render is sent again with 2 s. No soft limit,
    # as for a render stuck where Python cannot interrupt it.
    pk = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE).pk
    env = {"DHRQA_TASK_TIME_LIMIT_SECONDS": "2", "DHRQA_TASK_SOFT_TIME_LIMIT_SECONDS": "0",
           "DHRQA_TEST_RENDER_DELAY_SECONDS": "30"}
    with running_worker(env, pool="prefork") as worker:
        render_letter_task.apply_async(kwargs={"letter_id": pk}, time_limit=2, soft_time_limit=None)
        wait_until(lambda: render_status(pk)[0] == RenderStatus.FAILED and broker_idle(broker), "failed")
        assert worker.poll() is None

    found = letter(pk)
    assert (found.render_error, found.render_attempts, found.draft_pdf.name, draft_files(pk)) == (
        "it took longer than 2 seconds, so it was stopped", 1, "", [])
    assert [(actor, action) for actor, action, _ in audit_trail(found)] == [
        (secretariat.pk, AuditAction.LETTER_DRAFTED), (None, AuditAction.LETTER_RENDER_FAILED)]


def test_render_past_soft_time_limit_marks_letter_failed(broker, verdict, secretariat):
    pk = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE).pk
    env = {"DHRQA_TASK_TIME_LIMIT_SECONDS": "6", "DHRQA_TASK_SOFT_TIME_LIMIT_SECONDS": "2",
           "DHRQA_TEST_RENDER_DELAY_SECONDS": "30"}
    with running_worker(env, pool="prefork"):
        render_letter_task.apply_async(kwargs={"letter_id": pk}, time_limit=6, soft_time_limit=2)
        wait_until(lambda: render_status(pk)[0] == RenderStatus.FAILED and broker_idle(broker), "failed")

    found = letter(pk)
    assert (found.render_error, found.render_attempts, draft_files(pk)) == (
        "it took longer than 2 seconds", 1, [])


def confirmed_verdicts(count):
    """Each with its own letter: a verdict has one letter in the making at a time."""
    return [VerdictFactory(agenda_item__submission__documents=False) for _ in range(count)]


def test_broker_down_when_asked_renders_once_it_is_back(broker, secretariat):
    with running_worker(pool="prefork") as worker:
        broker.stop()
        started = time.monotonic()
        pks = [draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE).pk
               for verdict in confirmed_verdicts(4)]
        asking_took = time.monotonic() - started
        broker.start()

        assert [render_status(pk) for pk in pks] == [(RenderStatus.QUEUED, 0)] * 4
        # What Celery beat runs every minute, for drafts waiting longer than a moment.
        assert sweep_stalled_renders(older_than=datetime.timedelta(0)) == (4, 0)
        wait_until(lambda: all(render_status(pk)[0] == RenderStatus.READY for pk in pks) and broker_idle(broker),
                   "rendered")
        assert worker.poll() is None

    assert asking_took < 20
    assert [render_status(pk) for pk in pks] == [(RenderStatus.READY, 2)] * 4
    assert [rendered_once(pk) for pk in pks] == [True] * 4


def test_twenty_letters_through_killed_workers_and_a_lost_broker_none_lost_duplicated_or_stuck(
        broker, secretariat):
    """A pool process killed, then the whole worker, then Redis stopped (losing every message) and started."""
    env = {**SHORT_LIMITS, "DHRQA_TEST_RENDER_DELAY_SECONDS": "0.3"}
    stale = datetime.timedelta(seconds=8)  # DHRQA_RENDER_STALE_SECONDS with these limits

    def ready():
        return Letter.objects.filter(pk__in=pks, render_status=RenderStatus.READY).count()

    verdicts = confirmed_verdicts(20)
    with running_worker(env, pool="prefork", concurrency=2) as worker:
        pks = [draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE).pk for verdict in verdicts]
        wait_until(lambda: ready() >= 3, "3 ready")
        worker.kill_pool_process()
        wait_until(lambda: ready() >= 8, "8 ready")
        worker.kill()
        broker.stop()
        time.sleep(1)
        broker.start()
        worker.start()

        def settled():
            # Celery beat's sweep, run here more often than its minute.
            sweep_stalled_renders(older_than=stale)
            return ready() == 20 and broker_idle(broker)

        wait_until(settled, "all 20 ready", timeout=90)
        assert worker.poll() is None

    statuses = dict(Letter.objects.filter(pk__in=pks).values_list("pk", "render_status"))
    events = AuditEvent.objects.filter(object_type="panel.Letter", action=AuditAction.LETTER_RENDERED)
    files = sorted(name for pk in pks for name in draft_files(pk))
    referenced = sorted(posixpath.basename(name) for name in
                        Letter.objects.filter(pk__in=pks).values_list("draft_pdf", flat=True))
    lost_or_stuck = [pk for pk, status in statuses.items() if status != RenderStatus.READY]
    assert (len(statuses), lost_or_stuck, events.count(), files) == (20, [], 20, referenced)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(str(pk) for pk in pks)


def test_email_retried_after_a_wait_longer_than_the_visibility_timeout_is_sent_once(broker):
    # Redis hands back a message held longer than its visibility timeout (3 s with a 2 s time limit),
    # and a retry's countdown (4 s here) is held that long: dhrqa/tasks.py waits in short steps. A copy
    # Redis handed back would be sent at the same moment as the first.
    env = {"DHRQA_TASK_TIME_LIMIT_SECONDS": "2", "DHRQA_EMAIL_RETRY_SECONDS": "4"}
    context = {"reference": "KENT-2026-03", "csp_name": "Kent Community Safety Partnership", "version": 2,
               "path": "/submissions/41/"}
    with running_smtp_server(refuse_first=1) as smtp:
        with running_worker({**env, "EMAIL_URL": smtp.url}, pool="prefork"):
            with transaction.atomic():
                notify(template="submission_accepted", context=context, to=["csp@kent.example"])
            received = smtp.wait_for(1)
            time.sleep(2)
            received_later = smtp.wait_for(2, timeout=0)

    assert (smtp.refused, len(received), [message.rcpt_tos for message in received_later]) == (
        1, 1, [["csp@kent.example"]])
