from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from django.conf import settings
from django.db import connection

from panel.services.bulk_letters import build_bundle
from panel.services.national_tracker import send_chasers
from panel.services.readers import remind_readers_before_meetings
from panel.services.rendering import render_letter, stop_render, sweep_stalled_renders


class RenderLetterTask(Task):
    """A render whose process the worker killed at the hard time limit marks its letter failed.

    Celery calls this in the worker's main process: the pool process is gone.
    """

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if isinstance(exc, TimeLimitExceeded) and "letter_id" in kwargs:
            seconds = exc.args[0] if exc.args else settings.CELERY_TASK_TIME_LIMIT
            try:
                stop_render(kwargs["letter_id"], reason=f"it took longer than {seconds:g} seconds, so it was stopped")
            finally:
                # The main process forks new pool processes: it keeps no connection of its own.
                connection.close()


# acks_late and reject_on_worker_lost (also the defaults in settings): the message is acknowledged when
# the render ends, and handed back if its process dies, so a killed render is tried again.
@shared_task(base=RenderLetterTask, acks_late=True, reject_on_worker_lost=True)
def render_letter_task(*, letter_id):
    render_letter(letter_id)


@shared_task
def sweep_stalled_renders_task():
    """Ask again for draft letters left waiting, or mark them failed (CELERY_BEAT_SCHEDULE runs this every minute)."""
    return sweep_stalled_renders()


@shared_task
def remind_readers_task():
    """Remind readers of the meetings a few days away (CELERY_BEAT_SCHEDULE runs this each morning)."""
    return remind_readers_before_meetings()


@shared_task(acks_late=True)
def build_bundle_task(*, bundle_id):
    build_bundle(bundle_id)


@shared_task
def chase_national_bodies_task():
    """Chase overdue answers from national bodies (CELERY_BEAT_SCHEDULE runs this each morning)."""
    return send_chasers(sent_by=None)
