from celery import shared_task

from panel.services.letters import render_letter


@shared_task(acks_late=True)
def render_letter_task(*, letter_id):
    render_letter(letter_id)
