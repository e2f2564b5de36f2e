"""Settings for the server bench/letter_worker.py drives with a browser: the app's own, with the
static files (the status poller among them) served through the finders, since none are collected.
Nothing here is used by the app or the tests.
"""

from dhrqa.settings import *  # noqa: F403

WHITENOISE_USE_FINDERS = True
