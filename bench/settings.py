"""Settings for the server that bench/lists.py measures: the app's own, plus the bench's URLs.

The database comes from DATABASE_URL, which lists.py points at the bench's
own database. Nothing here is used by the app or the tests.
"""

from dhrqa.settings import *  # noqa: F403
from dhrqa.settings import MIDDLEWARE, STORAGES

# The app's URLs and the bare baseline view, which must never be in the app's URL conf.
ROOT_URLCONF = "bench.urls"
# Outermost, so that the session and user queries are counted too.
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]
# Only the HTML is measured: no collected static files and no manifest are needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
