"""The Home Office's table of sent versions: its sort orders, its headers and its rows.

The page and its CSV export both read these, so that they list the same
rows in the same order with the same numbers.
"""

import datetime
from html import escape
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from dhrqa.dates import govuk_date
from submissions.enums import SUBMISSION_STATUS_COLOURS, CaseKind, PersonRole, ReviewType, SubmissionStatus
from submissions.models.reviews import join_names
from submissions.queries import pseudonyms_by_review

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
        next_sort = Sort(key, descending=current and not sort.descending)
        aria_sort = ("descending" if sort.descending else "ascending") if current else "none"
        href = "?" + urlencode([*filter_params, ("sort", next_sort.param)])
        found.append(Header(label, aria_sort, href, numeric))
    return found


# What the list and its CSV read of each version: plain values rather than model
# instances, which cost the busiest page more than everything else on it.
ROW_FIELDS = (
    "number", "status", "submitted_at", "review_id", "review__reference", "review__kind", "review__review_type",
    "review__date_of_death", "review__csp__name",
)


@dataclass(frozen=True)
class Row:
    """One version as the list and its CSV show it.

    Every value is worked out once, here: a template asking a property,
    a filter or a {% url %} for each of 50 rows costs the page dearly.
    """

    reference: str
    number: int
    # " (version 2)" after the reference; nothing for a first version.
    version: str
    url: str
    csp_name: str
    is_review: bool
    case_label: str
    victim: str
    perpetrator: str
    status_label: str
    status_colour: str
    # The day it was received, in the project's time zone (a UTC timestamp's date can be a day out),
    # and as the page writes it.
    received_on: datetime.date
    received: str
    date_of_death: datetime.date
    days_since_received: int
    days_since_death: int

    def html(self):
        """The row's <tr>: 50 rows of template lookups were half the page's time.

        Every value is escaped here, as the template would: the standard
        library's escape, which Django's own wraps at a cost paid 500 times a page.
        """
        case = "" if self.is_review else _DECISION_HINT
        cells = (
            f'<td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="{escape(self.url)}">'
            f"{escape(self.reference)}</a>{escape(self.version)}{case}</td>"
            f'<td class="govuk-table__cell">{escape(self.csp_name)}</td>'
            f'<td class="govuk-table__cell">{escape(self.victim)}</td>'
            f'<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--{escape(self.status_colour)}">'
            f"{escape(self.status_label)}</strong></td>"
            f'<td class="govuk-table__cell app-nowrap">{escape(self.received)}</td>'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{self.days_since_received:d}</td>'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{self.days_since_death:d}</td>'
        )
        return mark_safe(f'<tr class="govuk-table__row">{cells}</tr>')  # noqa: S308 - every value escaped above


_DECISION_HINT = '<br><span class="govuk-hint">Decision not to review</span>'


def rows(values, today):
    """A Row for each dict of ROW_FIELDS in `values`, with its people (one query) and its ages in days on `today`."""
    values = list(values)
    people = pseudonyms_by_review({value["review_id"] for value in values})
    version_url = _version_url_maker()
    found = []
    for value in values:
        reference, number, kind = value["review__reference"], value["number"], value["review__kind"]
        received_on = timezone.localdate(value["submitted_at"])
        death = value["review__date_of_death"]
        named = people.get(value["review_id"], {})
        found.append(Row(
            reference=reference, number=number, version=f" (version {number})" if number > 1 else "",
            url=version_url(reference, number),
            csp_name=value["review__csp__name"], is_review=kind == CaseKind.REVIEW,
            case_label=ReviewType(value["review__review_type"]).label if kind == CaseKind.REVIEW
            else CaseKind(kind).label,
            victim=join_names(named.get(PersonRole.VICTIM, [])),
            perpetrator=join_names(named.get(PersonRole.PERPETRATOR, [])),
            status_label=SubmissionStatus(value["status"]).label,
            status_colour=SUBMISSION_STATUS_COLOURS[value["status"]],
            received_on=received_on, received=govuk_date(received_on), date_of_death=death,
            days_since_received=(today - received_on).days, days_since_death=(today - death).days,
        ))
    return found


def _version_url_maker():
    """A function giving the URL of a version's page, from one reverse() a page.

    reverse() for each of 50 rows cost more than all the rest of building
    them; the URL differs between rows only in the reference and number.
    """
    placeholder = "/REFERENCE/v1/"
    head, found, tail = reverse(
        "submissions:version_detail", kwargs={"reference": "REFERENCE", "number": 1}
    ).rpartition(placeholder)
    if not found:
        raise ImproperlyConfigured("submissions:version_detail no longer ends in /<reference>/v<number>/")
    return lambda reference, number: f"{head}/{reference}/v{number}/{tail}"
