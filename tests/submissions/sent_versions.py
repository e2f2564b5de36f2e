"""Sent versions built for the list and export tests, and requests made on a fixed day."""

import datetime

from django.urls import reverse
from django.utils import timezone

from dhrqa import clock
from submissions.enums import CaseKind, ReviewType, SubmissionStatus
from tests.factories import SubmissionFactory

# Every request runs on this day, so that ages and "today or in the past" are fixed.
TODAY = datetime.date(2026, 5, 1)
LIST = reverse("submissions:submission_list")


def received(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def sent(reference, *, on=datetime.date(2026, 4, 1), csp=None, status=SubmissionStatus.SUBMITTED,
         people=None, death=datetime.date(2024, 3, 27), kind=CaseKind.REVIEW, review_type=ReviewType.DHR):
    extra = {"review__csp": csp} if csp else {}
    return SubmissionFactory(
        documents=False, status=status, submitted_at=on if isinstance(on, datetime.datetime) else received(on),
        review__reference=reference, review__date_of_death=death, review__kind=kind,
        review__review_type=review_type if kind == CaseKind.REVIEW else "", review__people=people, **extra,
    )


def get(client, path=LIST, **params):
    with clock.at(datetime.datetime.combine(TODAY, datetime.time(12))):
        return client.get(path, params)


def many(count, **kwargs):
    start = received(datetime.date(2026, 1, 1))
    for number in range(1, count + 1):
        sent(f"R-2026-{number:03d}", on=start + datetime.timedelta(hours=number), **kwargs)
