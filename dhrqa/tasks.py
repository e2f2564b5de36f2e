import logging
import smtplib

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
def send_email_task(self, *, template, to, context):
    """Render one e-mail and send it; retry with backoff while the mail server cannot be reached."""
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
        raise self.retry(exc=error, countdown=countdown, max_retries=EMAIL_RETRIES)


def _notify_may_recover(error):
    """GOV.UK Notify's 429 (rate limit) and 5xx answers pass; a 400 or 403 will not."""
    return error.status_code == 429 or error.status_code >= 500


@shared_task
def sweep_files_task():
    """Remove stored files no record refers to (CELERY_BEAT_SCHEDULE runs this hourly)."""
    return len(sweep_orphaned_files())
