from celery import shared_task

from panel.services.bulk_letters import build_bundle
from panel.services.rendering import render_letter
from panel.services.readers import remind_readers_before_meetings


@shared_task(acks_late=True)
def render_letter_task(*, letter_id):
    render_letter(letter_id)


@shared_task
def remind_readers_task():
    """Remind readers of the meetings a few days away (CELERY_BEAT_SCHEDULE runs this each morning)."""
    return remind_readers_before_meetings()


@shared_task(acks_late=True)
def build_bundle_task(*, bundle_id):
    build_bundle(bundle_id)
