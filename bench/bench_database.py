"""What the Postgres-backed benchmarks (meeting_mode.py, dashboard.py) share: the environment their
servers run in, and statements run on the server's maintenance database about a bench's own database."""

import os


def environment(database_url):
    """The environment for a bench's Django process and its gunicorn, on the database at `database_url`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        # With DEBUG off settings want a secret key; the bench's servers sign nothing that lasts.
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "memory://localhost/",
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PYTHONWARNINGS": "ignore:No directory at",
    }


def run_sql(database_url, *statements):
    """Run statements naming the database of `database_url` ({}) on the server's maintenance database."""
    import psycopg

    name = psycopg.sql.Identifier(psycopg.conninfo.conninfo_to_dict(database_url)["dbname"])
    maintenance = psycopg.conninfo.make_conninfo(database_url, dbname="postgres")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        for statement in statements:
            connection.execute(psycopg.sql.SQL(statement).format(name))
