"""The test settings for a gunicorn started by tests/gunicorn.py."""

from dhrqa.test_settings import *  # noqa: F403

# The test server serves static files through the finders; WhiteNoise can do the same.
WHITENOISE_USE_FINDERS = True
