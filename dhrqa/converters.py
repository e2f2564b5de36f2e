"""URL converters that refuse what cannot be an id, so the database never sees it.

Django's own `int` takes any run of digits, which overflows a bigint (a
500 from Postgres), and `str` takes NUL bytes, which Postgres refuses.
These match only what a real id can look like; anything else is a 404
before a view runs.
"""

import re

from django.urls import register_converter

# References appear in URLs and file names: capital letters, digits and hyphens, up to 40.
REFERENCE_PATTERN = re.compile(r"[A-Z0-9](?:[A-Z0-9-]{0,38}[A-Z0-9])?")


class IdConverter:
    """A primary key: 1 to 18 digits, no leading zero (always below 2**63)."""

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


class VersionConverter(IdConverter):
    """A version number of a review: 1 to 999."""

    regex = "[1-9][0-9]{0,2}"


class ReferenceConverter:
    """A review's reference, as submissions.references makes them."""

    regex = REFERENCE_PATTERN.pattern

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


def register():
    register_converter(IdConverter, "id")
    register_converter(VersionConverter, "version")
    register_converter(ReferenceConverter, "reference")
