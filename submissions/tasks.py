from celery import shared_task

from submissions.services.documents import extract_document_text


@shared_task(acks_late=True)
def extract_text_task(*, stored_file_id):
    extract_document_text(stored_file_id)
