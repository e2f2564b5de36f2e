"""URLs with values that cannot be ids, references or tokens: a 404 for everyone signed in, never a 500.

Every argument of every URL pattern (admin aside) is tried with each crafted
value while the others keep a valid one. The converters in dhrqa.converters
must refuse them all before a view, or the database, sees them.
"""

import re
from urllib.parse import unquote

import pytest
from django.urls import URLResolver, get_resolver
from django.urls.converters import get_converters

from tests.dhrqa.access_walk import ERROR_PAGES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# A value each converter takes, for the arguments that are not being crafted.
VALID = {"id": "1", "version": "1", "reference": "KENT-2026-01"}

# As they would appear in the address bar: percent-encoded where a browser encodes them.
# "{valid}" stands for a value the converter takes.
FOR_EVERY_ARGUMENT = {
    "NUL": "%00",
    "NUL after a valid value": "{valid}%00",
    "line break after a valid value": "{valid}%0A",
    "parent folder": "..",
    "Arabic-Indic digit one": "%D9%A1",
    "fullwidth digit one": "%EF%BC%91",
    "300 digits": "9" * 300,
}
FOR_EACH_CONVERTER = {
    "id": {"leading zero": "01", "negative": "-1", "19 digits": "1" * 19, "30 digits": "1" * 30},
    "version": {"zero": "0", "leading zeros": "001", "four digits": "1000"},
    "reference": {"lower case": "kent-2026-01", "trailing hyphen": "KENT-2026-01-", "41 characters": "K" * 41},
}


def arguments(route):
    return [match["name"] for match in ARGUMENT.finditer(route)]


def targets(patterns=None, prefix="", namespace=None):
    """(label, route, arguments to craft) for every pattern with arguments of its own, admin aside.

    An include's own arguments (reviews/<reference>/v<number>/...) are matched
    before any of its patterns is looked at, so they are crafted once, on its
    first pattern; each pattern's own arguments are crafted on it.
    """
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            own = arguments(str(pattern.pattern))
            if own:
                yield f"{pattern.namespace or namespace}:{route}", route + str(pattern.url_patterns[0].pattern), own
            yield from targets(pattern.url_patterns, route, pattern.namespace or namespace)
        elif arguments(str(pattern.pattern)):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name, route, arguments(str(pattern.pattern))


TARGETS = {label: (route, crafted) for label, route, crafted in targets()}


def converter_of(route, name):
    return next(match["converter"] or "str" for match in ARGUMENT.finditer(route) if match["name"] == name)


def crafted_paths(route, crafted):
    """(argument, what was crafted, path) for each argument in `crafted` and each crafted value."""
    for name in crafted:
        converter = converter_of(route, name)
        for what, value in {**FOR_EVERY_ARGUMENT, **FOR_EACH_CONVERTER[converter]}.items():
            value = value.format(valid=VALID[converter])

            def fill(match, name=name, value=value):
                return value if match["name"] == name else VALID[match["converter"] or "str"]

            yield name, what, "/" + ARGUMENT.sub(fill, route)


def test_crafted_values_every_argument_uses_a_converter_that_refuses_them():
    """The crafted values really cannot be taken: a URL whose converter took one would not be tested here."""
    converters = get_converters()
    used = {converter_of(route, name) for route, crafted in TARGETS.values() for name in crafted}
    taken = [
        (converter, what) for converter in sorted(used & set(FOR_EACH_CONVERTER))
        for what, value in {**FOR_EVERY_ARGUMENT, **FOR_EACH_CONVERTER[converter]}.items()
        if re.fullmatch(converters[converter].regex, unquote(value.format(valid=VALID[converter])))
    ]

    assert (sorted(used - set(FOR_EACH_CONVERTER)), taken) == ([], [])


@pytest.fixture
def everyone_signed_in(signed_in):
    """A client for each signed-in role."""
    return {
        "CSP officer": signed_in(UserFactory(csp_officer=True)),
        "secretariat": signed_in(UserFactory(secretariat=True)),
        "panel member": signed_in(UserFactory(panel_member=True)),
        "chair": signed_in(UserFactory(chair=True)),
        "national body responder": signed_in(UserFactory(responder=True)),
    }


@pytest.mark.parametrize("label", list(TARGETS))
def test_crafted_url_not_found_for_every_role(label, everyone_signed_in, count_checked):
    paths = list(crafted_paths(*TARGETS[label]))

    answers = {
        (role, argument, what): (response.status_code, response.templates[0].name)
        for argument, what, path in paths
        for role, client in everyone_signed_in.items()
        for response in [client.get(path)]
    }

    count_checked("crafted URLs", len(answers))
    assert answers == {key: (404, ERROR_PAGES[404]) for key in answers}
