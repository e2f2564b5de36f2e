"""No page a signed-in person is sent may be stored by a cache (dhrqa/no_store.py); static files keep theirs.

Every URL the access table knows is asked by someone it lets in (or, for a
page nobody's role opens, by the secretariat), and by the secretariat, and
every answer, whatever its status, must carry no-store.
"""

import pytest
from django.urls import reverse

from tests.dhrqa.access_walk import ALLOWED
from tests.dhrqa.casework import KINDS, SECRETARIAT
from tests.dhrqa.test_access_table import ACCESS, ADMIN
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def asked(name, rule, world):
    """(path, kinds of person) for one URL of the table, on Kent's casework."""
    kwargs = rule.kwargs(world, world.kent) if rule.kwargs else None
    allowed = [kind for kind in KINDS if rule.answer(kind) == 200] or [kind for kind in KINDS
                                                                         if rule.answer(kind) in ALLOWED]
    return reverse(name, kwargs=kwargs), {SECRETARIAT, *allowed[:1]}


def test_no_store_on_every_url_of_the_access_table_for_signed_in_people(world, signed_in, count_checked):
    people = world.people(world.kent)
    answers = {}
    for name, rule in ACCESS.items():
        path, kinds = asked(name, rule, world)
        for kind in sorted(kinds):
            response = signed_in(people[kind]).get(path)
            answers[(name, kind)] = (response.status_code, response.get("Cache-Control"))
    superuser = UserFactory(is_staff=True, is_superuser=True)
    for name, (kwargs, _) in ADMIN.items():
        response = signed_in(superuser).get(reverse(name, kwargs=kwargs(world, world.kent) if kwargs else None))
        answers[(name, "superuser")] = (response.status_code, response.get("Cache-Control"))

    count_checked("no-store answers", len(answers))
    assert {asked_as: cache for asked_as, (status, cache) in answers.items() if cache != NO_STORE} == {}
    # Not only refusals and redirects: the pages themselves.
    assert sum(status == 200 for status, _ in answers.values()) > len(ACCESS)


def test_no_store_on_the_sign_in_page_which_sets_a_cookie(client):
    response = client.get("/sign-in/")

    assert (response.status_code, response["Cache-Control"], sorted(response.cookies)) == (
        200, NO_STORE, ["csrftoken"])


def test_no_store_left_off_static_files_for_a_signed_in_person(client_for, secretariat, settings):
    # The test settings keep no collected files: WhiteNoise serves the sources, as it does under gunicorn in tests.
    settings.WHITENOISE_USE_FINDERS = True

    response = client_for(secretariat).get("/static/js/app.mjs")
    b"".join(response.streaming_content)

    assert (response.status_code, response["Cache-Control"]) == (200, "max-age=60, public")
