from celery import shared_task

from submissions.services.documents import extract_document_text, sweep_stalled_extractions


# Reading a long report takes longer than rendering a letter: its own limits, longer than the broker's
# visibility timeout. So its message is acknowledged when the worker takes it (Redis would otherwise hand
# it to a second worker while the first still reads); one lost with a killed worker is asked for again
# by sweep_stalled_extractions_task.
@shared_task(acks_late=False, soft_time_limit=300, time_limit=330)
def extract_text_task(*, stored_file_id):
    extract_document_text(stored_file_id)


@shared_task
def sweep_stalled_extractions_task():
    """Ask again for text extractions left waiting, or mark them failed (CELERY_BEAT_SCHEDULE, every minute)."""
    return sweep_stalled_extractions()


@shared_task
def prescreen_task(*, submission_id):
    """Compute a version's pre-screen findings (queued on commit whenever its documents or their text change)."""
    from submissions.services.prescreen import run_prescreen

    run_prescreen(submission_id)
