from django.apps import AppConfig


class DhrqaConfig(AppConfig):
    name = "dhrqa"
    verbose_name = "DHR QA"

    def ready(self):
        from dhrqa import sessions, signals  # noqa: F401
        from dhrqa.celery import ensure_filesystem_broker_folders

        ensure_filesystem_broker_folders()
