import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dhrqa.settings")

app = Celery("dhrqa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_filesystem_broker_folders():
    """The zero-service demo's filesystem transport needs its folders to exist."""
    from django.conf import settings

    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get(key)
        if folder:
            os.makedirs(folder, exist_ok=True)
