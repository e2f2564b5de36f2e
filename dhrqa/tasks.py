import logging
import smtplib
import time

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from notifications_python_client.errors import HTTPError as NotifyHTTPError

from dhrqa.notifications import render_email
from dhrqa.storage import sweep_orphaned_files

logger = logging.getLogger(__name__)

# With the default 30 s, the tries span about a quarter of an hour: long
# enough for a mail relay to restart, short enough that news is still news.
EMAIL_RETRIES = 5
EMAIL_RETRY_MAX_SECONDS = 600


@shared_task(bind=True, acks_late=True)
def send_email_task(self, *, template, to, context, not_before=None):
    """Render one e-mail and send it; retry with backoff while the mail server cannot be reached.

    `not_before` (seconds since the epoch) is when a retry is due: see `_wait_longer`.
    """
    if not_before is not None and _wait_longer(self, not_before):
        return
    message = render_email(template, context, to)
    try:
        message.send()
    except (smtplib.SMTPException, OSError, NotifyHTTPError) as error:
        if isinstance(error, NotifyHTTPError) and not _notify_may_recover(error):
            logger.error("GOV.UK Notify refused the %s e-mail to %s: %r", template, to, error)
            raise
        tries = self.request.retries + 1
        if self.request.retries >= EMAIL_RETRIES:
            logger.error("Gave up sending the %s e-mail to %s after %d tries: %r", template, to, tries, error)
            raise
        countdown = get_exponential_backoff_interval(
            factor=settings.DHRQA_EMAIL_RETRY_SECONDS, retries=self.request.retries,
            maximum=EMAIL_RETRY_MAX_SECONDS, full_jitter=False,
        )
        logger.warning("Could not send the %s e-mail to %s (try %d): %r; trying again in %d s",
                       template, to, tries, error, countdown)
        raise self.retry(exc=error, countdown=min(countdown, settings.DHRQA_LONGEST_COUNTDOWN_SECONDS),
                         kwargs={**self.request.kwargs, "not_before": time.time() + countdown},
                         max_retries=EMAIL_RETRIES)


def _wait_longer(task, not_before):
    """Queue the task again, to wait on until `not_before`, if that is still ahead; say whether it was.

    Redis gives a message held longer than its visibility timeout (just above
    the tasks' time limit) to another worker, so a message waiting for its
    countdown would be sent twice: a long wait is made of short ones.
    """
    wait = not_before - time.time()
    if wait <= 0:
        return False
    task.apply_async(kwargs=task.request.kwargs, task_id=task.request.id, retries=task.request.retries,
                     countdown=min(wait, settings.DHRQA_LONGEST_COUNTDOWN_SECONDS))
    return True


def _notify_may_recover(error):
    """GOV.UK Notify's 429 (rate limit) and 5xx answers pass; a 400 or 403 will not."""
    return error.status_code == 429 or error.status_code >= 500


@shared_task
def sweep_files_task():
    """Remove stored files no record refers to (CELERY_BEAT_SCHEDULE runs this hourly)."""
    return len(sweep_orphaned_files())
