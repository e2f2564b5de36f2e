"""The system check that refuses a reference format which cannot number reviews (submissions.E001)."""

import pytest
from django.core.checks import Error, run_checks

PREFIX = "DHRQA_REFERENCE_FORMAT cannot number reviews: "


def check_errors():
    return [(type(error), error.id, error.msg) for error in run_checks() if error.id.startswith("submissions.")]


@pytest.mark.parametrize("template", ["{csp}-{year}-{number:02d}", "DHR-{year}-{csp}-{number:04d}", "{csp}{year}{number}"])
def test_reference_format_check_good_format_passes(settings, template):
    settings.DHRQA_REFERENCE_FORMAT = template

    assert check_errors() == []


@pytest.mark.parametrize(("template", "problem"), [
    ("{csp}-{yr}-{number}", "it uses {yr}; only {csp}, {year} and {number} are known"),
    ("{csp}-{year}-{}", "it uses {}; only {csp}, {year} and {number} are known"),
    ("{csp}-{year}", "it must contain each of {csp}, {year} and {number}, or two reviews would share a reference"),
    ("{csp}-{number}", "it must contain each of {csp}, {year} and {number}, or two reviews would share a reference"),
    ("{year}-{number}", "it must contain each of {csp}, {year} and {number}, or two reviews would share a reference"),
    ("{csp}/{year}/{number}", "it gives 'KENT/2026/123'; a reference may hold only capital letters, digits and "
                              "hyphens, up to 40"),
    ("dhr-{csp}-{year}-{number}", "it gives 'dhr-KENT-2026-123'; a reference may hold only capital letters, "
                                  "digits and hyphens, up to 40"),
    ("{csp} {year} {number}", "it gives 'KENT 2026 123'; a reference may hold only capital letters, digits and "
                              "hyphens, up to 40"),
    ("DOMESTIC-HOMICIDE-{csp}-{year}-{number}",
     "it gives 'DOMESTIC-HOMICIDE-XXXXXXXXXXXXXXXXXXXX-2026-9999'; a reference may hold only capital letters, "
     "digits and hyphens, up to 40"),
    ("{csp}-{year}-{number:q}", "it cannot be filled in (Unknown format code 'q' for object of type 'int')"),
    ("{csp}-{year}-{number", "it cannot be read (expected '}' before end of string)"),
])
def test_reference_format_check_bad_format_refused(settings, template, problem):
    settings.DHRQA_REFERENCE_FORMAT = template

    assert check_errors() == [(Error, "submissions.E001", PREFIX + problem)]
