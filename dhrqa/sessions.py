"""How long a signed-in session lasts: an idle limit and an absolute one.

The session keeps when the person signed in and when they last did something.
A request past either limit signs them out before its view runs; the sign-in
page then says why, and LoginRequiredMiddleware's `?next=` brings them back.
Views that pages poll in the background (`@background_request`) neither count
as activity nor keep a session alive.
"""

import functools

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from dhrqa import clock

SIGNED_IN_AT = "dhrqa_signed_in_at"
LAST_ACTIVITY = "dhrqa_last_activity"
# Left in the fresh session after an expiry, for the sign-in page (templates/registration/login.html).
SIGNED_OUT_MESSAGE = "dhrqa_signed_out_message"


def background_request(view):
    """Mark a view that pages call on their own (status pollers): it never extends the session."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.background_request = True
    return wrapped


def idle_seconds():
    return settings.DHRQA_SESSION_IDLE_MINUTES * 60


def max_seconds():
    return settings.DHRQA_SESSION_MAX_HOURS * 3600


def _minutes(amount):
    amount = int(amount) if float(amount).is_integer() else amount
    return f"{amount} minute{'' if amount == 1 else 's'}"


def _hours(amount):
    amount = int(amount) if float(amount).is_integer() else amount
    return f"{amount} hour{'' if amount == 1 else 's'}"


def touch(request):
    """Count this moment as the person's last activity (the "Stay signed in" button)."""
    request.session[LAST_ACTIVITY] = clock.now().timestamp()
    _note_timing(request)


def _note_timing(request):
    """For the page's timeout warning (templates/includes/timeout_warning.html)."""
    request.session_seconds_left = int(seconds_left(request.session))
    request.session_warning_seconds = settings.DHRQA_SESSION_WARNING_SECONDS


def seconds_left(session):
    """Seconds until the session ends, by whichever limit comes first."""
    now = clock.now().timestamp()
    signed_in_at = session.get(SIGNED_IN_AT, now)
    last = session.get(LAST_ACTIVITY, now)
    return max(0, min(last + idle_seconds(), signed_in_at + max_seconds()) - now)


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    now = clock.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVITY] = now
    request.session.pop(SIGNED_OUT_MESSAGE, None)


class SessionExpiryMiddleware:
    """Signs out a session past its idle or absolute limit; otherwise notes the activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        session = request.session
        now = clock.now().timestamp()
        # A session from before these limits starts its clocks now.
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last = session.setdefault(LAST_ACTIVITY, now)
        if now - signed_in_at >= max_seconds():
            self._sign_out(request, "limit", f"You have been signed out because you had been signed in for "
                                             f"{_hours(settings.DHRQA_SESSION_MAX_HOURS)}.")
        elif now - last >= idle_seconds():
            self._sign_out(request, "idle", f"You have been signed out after "
                                            f"{_minutes(settings.DHRQA_SESSION_IDLE_MINUTES)} of inactivity.")
        else:
            # Saving the session on every request would cost a write each time; a tenth of the idle
            # limit (at most a minute) is precise enough, and pages show the time left by the stored value.
            if not getattr(view_func, "background_request", False) and now - last >= min(60, idle_seconds() / 10):
                session[LAST_ACTIVITY] = now
            _note_timing(request)
        return None

    @staticmethod
    def _sign_out(request, reason, message):
        # The audit receiver (dhrqa/signals.py) records why.
        request.sign_out_reason = reason
        logout(request)
        request.session[SIGNED_OUT_MESSAGE] = message
