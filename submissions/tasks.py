from celery import shared_task

from submissions.services.documents import extract_document_text


# Reading a long report takes longer than rendering a letter: its own limits.
@shared_task(acks_late=True, soft_time_limit=300, time_limit=330)
def extract_text_task(*, stored_file_id):
    extract_document_text(stored_file_id)
