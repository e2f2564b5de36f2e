"""Settings for the server that bench/lists.py measures: the app's own, plus the bench's URLs.

The database and static storage come from the environment that lists.py
sets. Nothing here is used by the app or the tests.
"""

from dhrqa.settings import *  # noqa: F403
from dhrqa.settings import MIDDLEWARE

# The app's URLs and the bare baseline view, which must never be in the app's URL conf.
ROOT_URLCONF = "bench.urls"
# Outermost, so that the session and user queries are counted too.
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]