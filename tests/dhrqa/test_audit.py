"""The audit trail is append-only in the database, and a review's history is one indexed query."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from dhrqa import clock
from dhrqa.audit import record, review_history
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    review = ReviewFactory(reference="KENT-2026-07")
    return record(UserFactory(), AuditAction.REVIEW_REGISTERED, review, review=review)


def test_audit_event_update_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="Cannot update or delete rows from dhrqa_auditevent table"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.SIGNED_IN)

    event.refresh_from_db()
    assert event.action == AuditAction.REVIEW_REGISTERED


def test_audit_event_delete_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="Cannot update or delete rows from dhrqa_auditevent table"), transaction.atomic():
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).count() == 1


def test_audit_event_raw_sql_update_refused(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE dhrqa_auditevent SET object_repr = 'changed' WHERE id = %s", [event.pk])

    event.refresh_from_db()
    assert event.object_repr == "KENT-2026-07"


def test_audit_record_takes_the_clock_time():
    moment = timezone.make_aware(datetime.datetime(2014, 1, 6, 9, 30))

    with clock.at(moment):
        event = record(None, AuditAction.SIGN_IN_FAILED, None, email="x@example.gov.uk")

    assert (event.at, event.actor, event.review_reference) == (moment, None, "")


def test_review_history_one_query_oldest_first(django_assert_num_queries):
    review = ReviewFactory(reference="KENT-2026-08")
    other = ReviewFactory(reference="KENT-2026-09")
    for day, action in [(3, AuditAction.SUBMISSION_SUBMITTED), (1, AuditAction.REVIEW_REGISTERED)]:
        with clock.at(datetime.date(2026, 1, day)):
            record(None, action, review, review=review)
    record(None, AuditAction.REVIEW_REGISTERED, other, review=other)

    with django_assert_num_queries(1):
        history = [(event.action, event.at.day) for event in review_history("KENT-2026-08")]

    assert history == [(AuditAction.REVIEW_REGISTERED, 1), (AuditAction.SUBMISSION_SUBMITTED, 3)]


def test_review_history_uses_the_review_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = review_history("KENT-2026-08").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "audit_review_action_at" in plan
