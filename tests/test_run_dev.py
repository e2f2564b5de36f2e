"""Two local servers, as `make run` starts them, run side by side and neither disturbs the other."""

import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.gunicorn import running_gunicorn

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DEV_CONFIG = Path(settings.BASE_DIR) / "bin" / "gunicorn.conf.py"


def status_of(url):
    # A fresh server imports the app on its first request: seconds on a busy machine.
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status


def test_two_dev_servers_share_no_control_socket_and_outlive_each_other(tmp_path):
    # One worker each (production's config has three): the control socket is the master's, so one shows it,
    # and two servers of three workers each would take most of the test's time starting on a busy machine.
    home = {"HOME": str(tmp_path), "DHRQA_WEB_WORKERS": "1"}

    with running_gunicorn(env=home, config=DEV_CONFIG) as second:
        with running_gunicorn(env=home, config=DEV_CONFIG) as first:
            assert (status_of(f"{first.url}/sign-in/"), status_of(f"{second.url}/sign-in/")) == (200, 200)
        # The first has stopped: the second still answers, and no control socket was ever made.
        assert status_of(f"{second.url}/sign-in/") == 200
        assert list(tmp_path.rglob("*")) == []

