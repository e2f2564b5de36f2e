"""A CSP considering a finding while the pre-screen replaces the findings, in two real database sessions."""

import threading
import time

import pytest
from django.db import connection, transaction

from submissions.models import PrescreenFinding
from submissions.services.prescreen import consider_finding, run_prescreen
from tests.submissions.prescreen_data import checked_draft, replace_in_report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
REASON = "Quoted from the GP's record."


def _waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND datname = current_database()")
        return cursor.fetchone()[0] > 0


def test_finding_considered_while_the_prescreen_runs_stays_considered():
    draft = checked_draft()
    target = PrescreenFinding.objects.get(submission=draft, rule="failed to engage")
    replace_in_report(draft, "volatile relationship", "abusive relationship")
    considered, commit, errors = threading.Event(), threading.Event(), []

    def consider():
        try:
            with transaction.atomic():
                consider_finding(finding=target, reason=REASON, considered_by=draft.created_by)
                considered.set()
                commit.wait(10)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            considered.set()
            connection.close()

    def check():
        try:
            run_prescreen(draft.pk)
        finally:
            connection.close()

    considering = threading.Thread(target=consider)
    considering.start()
    considered.wait(10)
    checking = threading.Thread(target=check)
    checking.start()
    deadline = time.monotonic() + 10
    # The run waits for the consider's lock: on the version now; before, on the finding it was deleting,
    # with the finding already read as open.
    while not _waiting_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    commit.set()
    considering.join(10)
    checking.join(10)

    kept = PrescreenFinding.objects.get(submission=draft, rule="failed to engage")
    assert (errors, kept.considered_reason) == ([], REASON)
    assert not PrescreenFinding.objects.filter(submission=draft, rule="volatile ... relationship").exists()
