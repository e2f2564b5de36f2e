"""The time the application believes it is.

Services, models and the audit trail ask `now()` and `today()` rather than
the system clock, so that demo data can be created through the same
services as real work, at the dates it describes (`at(...)`).
"""

import contextlib
import contextvars
import datetime

from django.utils import timezone

_frozen = contextvars.ContextVar("dhrqa_clock_frozen", default=None)


def now():
    """The current time, aware, unless a block is running `at` another time."""
    return _frozen.get() or timezone.now()


def today():
    """The current date in the project's time zone."""
    return timezone.localdate(now())


@contextlib.contextmanager
def at(moment):
    """Run the block as if it were `moment` (an aware datetime, or a date at 10am)."""
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(10, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    token = _frozen.set(moment)
    try:
        yield moment
    finally:
        _frozen.reset(token)
