import pytest
from django.test import Client

from tests.dhrqa.casework import build_world
from tests.mfa import sign_in

CHECKED = pytest.StashKey[dict]()


@pytest.fixture
def world(db):
    """Kent's and Surrey's casework at every stage, built once for the test."""
    return build_world()


@pytest.fixture
def signed_in():
    """A test client signed in as the given user: one per user, reused for the whole test."""
    clients = {}

    def client_for(user):
        if user.pk not in clients:
            clients[user.pk] = Client()
            sign_in(clients[user.pk], user)
        return clients[user.pk]

    return client_for


@pytest.fixture
def count_checked(request):
    """Add to the number of combinations checked, which the summary reports (and -s shows per test)."""

    def add(what, number):
        totals = request.config.stash.setdefault(CHECKED, {})
        totals[what] = totals.get(what, 0) + number
        print(f"{request.node.name}: {number} {what} checked")

    return add


def pytest_terminal_summary(terminalreporter, config):
    for what, number in config.stash.get(CHECKED, {}).items():
        terminalreporter.write_line(f"{number} {what} checked")
