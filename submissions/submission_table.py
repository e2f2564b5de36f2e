"""The Home Office's table of sent versions: its sort orders, its headers and each row's ages.

The page and its CSV export both read these, so that they list the same
rows in the same order with the same numbers.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone

# Each sort, ascending, ending in columns that make the order total (no row
# on two pages). "-key" reverses every column.
SORTS = {
    "received": ("submitted_at", "id"),
    "reference": ("review__reference", "number"),
    "csp": ("review__csp__name", "submitted_at", "id"),
    "days-received": ("-submitted_at", "-id"),
    "days-death": ("-review__date_of_death", "submitted_at", "id"),
}
# Oldest first: the secretariat's queue.
DEFAULT_SORT = "received"


@dataclass(frozen=True)
class Sort:
    key: str = DEFAULT_SORT
    descending: bool = False

    @classmethod
    def from_param(cls, value):
        """The sort that `value` ("csp", "-received") names; the default for anything else."""
        value = value or ""
        key = value.removeprefix("-")
        if key not in SORTS:
            return cls()
        return cls(key, descending=value.startswith("-"))

    @property
    def param(self):
        return f"-{self.key}" if self.descending else self.key

    @property
    def params(self):
        """The query parameters that ask for this sort: none for the default."""
        return () if self == Sort() else (("sort", self.param),)

    def apply(self, queryset):
        columns = SORTS[self.key]
        if self.descending:
            columns = [column.removeprefix("-") if column.startswith("-") else f"-{column}" for column in columns]
        return queryset.order_by(*columns)


@dataclass(frozen=True)
class Header:
    label: str
    # None for a column that cannot be sorted by.
    aria_sort: str | None = None
    href: str | None = None
    numeric: bool = False


# (label, sort key or None, numeric)
COLUMNS = (
    ("Reference", "reference", False),
    ("CSP", "csp", False),
    ("Victim", None, False),
    ("Status", None, False),
    ("Received", "received", False),
    ("Days since received", "days-received", True),
    ("Days since death", "days-death", True),
)


def headers(sort, filter_params):
    """The table's column headers, for `sort` in force and the filters' query parameters.

    A sortable header links to the list sorted by its column, keeping the
    filters and starting again at page 1; the column already sorted by
    links to the reverse order.
    """
    found = []
    for label, key, numeric in COLUMNS:
        if key is None:
            found.append(Header(label, numeric=numeric))
            continue
        current = sort.key == key
        reverse = Sort(key, descending=current and not sort.descending)
        aria_sort = ("descending" if sort.descending else "ascending") if current else "none"
        href = "?" + urlencode([*filter_params, ("sort", reverse.param)])
        found.append(Header(label, aria_sort, href, numeric))
    return found


@dataclass(frozen=True)
class Row:
    submission: object
    # The day it was received, in the project's time zone (a UTC timestamp's date can be a day out).
    received_on: object
    days_since_received: int
    days_since_death: int


def rows(submissions, today):
    """Each submission with its ages in whole days on `today`: since it was received, since the death."""
    for submission in submissions:
        received_on = timezone.localdate(submission.submitted_at)
        yield Row(submission, received_on, (today - received_on).days,
                  (today - submission.review.date_of_death).days)
