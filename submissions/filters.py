"""The filters and search of the Home Office's list of submissions, with django-filter.

Every parameter may come from a hostile sender. Each field bounds what it
accepts and says so in GOV.UK words; a field with an error is left out of
the filtering, so the list stays sane while the form shows the message.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property

from dhrqa.dates import govuk_date
from dhrqa.form_fields import GovukDateField, GovukTextField, date_inputs
from dhrqa.models import CommunitySafetyPartnership
from submissions.enums import SENT_STATUSES, CaseKind, ReviewType, SubmissionStatus
from submissions.models import ReviewPerson

# As long as the longest CSP name.
SEARCH_LENGTH = 200
# A case is a review of one type, or a decision not to hold a review.
CASE_CHOICES = [*ReviewType.choices, (CaseKind.DECISION_NOT_TO_REVIEW.value, CaseKind.DECISION_NOT_TO_REVIEW.label)]
DATE_FIELDS = ("received_from", "received_to")


class DateFilter(django_filters.Filter):
    field_class = GovukDateField


class SearchFilter(django_filters.Filter):
    field_class = GovukTextField


class SubmissionFilterForm(forms.Form):
    """The filters' form, with what its template needs worked out in Python.

    templates/submissions/submission_filters.html writes the GOV.UK markup by
    hand: through crispy-forms-gds, these six fields took a third of the
    list's time.
    """

    @cached_property
    def status_choices(self):
        return _as_chosen(self["status"])

    @cached_property
    def selects(self):
        """[(bound field, [(value, label, chosen)])] for the drop-downs."""
        csps = self.fields["csp"]
        # The CSPs as (pk, name) pairs: the field's options, without a model instance for each CSP.
        csp_choices = [("", csps.empty_label), *csps.queryset.values_list("pk", "name")]
        return [(self["csp"], _as_chosen(self["csp"], csp_choices)), (self["case"], _as_chosen(self["case"]))]

    @cached_property
    def dates(self):
        """[(bound field, [(input name, label, width, value)])] for the day / month / year inputs."""
        return date_inputs(self, DATE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and end < start:
            self.add_error("received_to", "Date received to must be the same as or after date received from")
        return cleaned


@dataclass(frozen=True)
class Selection:
    """One filter in force: how the page names it, and the query parameters that set it."""

    heading: str
    label: str
    params: tuple


class SubmissionFilter(django_filters.FilterSet):
    q = SearchFilter(
        method="search", name="search", label="Search", max_length=SEARCH_LENGTH,
        help_text="Reference, pseudonym or CSP name",
    )
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=[(status.value, status.label) for status in SENT_STATUSES],
        widget=forms.CheckboxSelectMultiple, distinct=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    csp = django_filters.ModelChoiceFilter(
        field_name="review__csp", label="CSP", empty_label="All CSPs",
        queryset=CommunitySafetyPartnership.objects.order_by("name"),
        error_messages={"invalid_choice": "Select a CSP from the list"},
    )
    case = django_filters.ChoiceFilter(
        method="of_case", label="Type of case", choices=CASE_CHOICES, empty_label="All types of case",
        error_messages={"invalid_choice": "Select a type of case from the list"},
    )
    received_from = DateFilter(
        method="received_on_or_after", name="date received from", label="Date received from",
        help_text="For example, 1 4 2026",
    )
    received_to = DateFilter(
        method="received_on_or_before", name="date received to", label="Date received to",
        help_text="For example, 30 4 2026",
    )

    class Meta:
        form = SubmissionFilterForm

    def get_form_class(self):
        # django-filter makes a new form class, and every field, for each request; the
        # fields never change, so the class is made once (each form still copies its fields).
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def search(self, queryset, name, value):
        people = ReviewPerson.objects.filter(review=OuterRef("review"), pseudonym__icontains=value)
        return queryset.filter(
            Q(review__reference__icontains=value) | Q(review__csp__name__icontains=value) | Exists(people)
        )

    def of_case(self, queryset, name, value):
        if value == CaseKind.DECISION_NOT_TO_REVIEW:
            return queryset.filter(review__kind=value)
        return queryset.filter(review__kind=CaseKind.REVIEW, review__review_type=value)

    # Whole days in the project's time zone, as bounds on the indexed column.
    def received_on_or_after(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=_start_of(value))

    def received_on_or_before(self, queryset, name, value):
        # The form allows no date after today, so the next day always exists.
        return queryset.filter(submitted_at__lt=_start_of(value + datetime.timedelta(days=1)))

    def selections(self):
        """The filters in force, in the form's order; fields with errors are not in force."""
        self.errors  # validates the form, so that cleaned_data holds the valid fields
        data = self.form.cleaned_data
        found = [Selection("Search", data["q"], (("q", data["q"]),))] if data.get("q") else []
        found += [Selection("Status", SubmissionStatus(status).label, (("status", status),))
                  for status in data.get("status") or ()]
        if data.get("csp"):
            found.append(Selection("CSP", data["csp"].name, (("csp", data["csp"].pk),)))
        if data.get("case"):
            found.append(Selection("Type of case", dict(CASE_CHOICES)[data["case"]], (("case", data["case"]),)))
        for name, word in zip(DATE_FIELDS, ("From", "To")):
            if data.get(name):
                day = data[name]
                params = ((f"{name}_0", day.day), (f"{name}_1", day.month), (f"{name}_2", day.year))
                found.append(Selection("Date received", f"{word} {govuk_date(day)}", params))
        return found

    def params(self):
        """The filters in force as query parameters, for links that keep them."""
        return [param for selection in self.selections() for param in selection.params]

    def in_force(self):
        """The filters in force as JSON-safe values, for the audit trail: {"status": ["accepted"], "csp": 4}."""
        self.errors  # validates the form, so that cleaned_data holds the valid fields
        found = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            if isinstance(value, CommunitySafetyPartnership):
                value = value.pk
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            found[name] = value
        return found

    def selected(self, keep=()):
        """The MoJ filter's "Selected filters": [(heading, [(label, link to the list without it)])].

        `keep` holds query parameters every link keeps, such as the sort.
        """
        selections = self.selections()
        categories = {}
        for index, selection in enumerate(selections):
            others = [param for position, other in enumerate(selections) if position != index
                      for param in other.params]
            href = "?" + urlencode([*others, *keep])
            categories.setdefault(selection.heading, []).append((selection.label, href))
        return list(categories.items())


def _as_chosen(bound, choices=None):
    """(value, label, chosen) for each choice of a bound select or checkboxes field."""
    value = bound.value()
    chosen = {str(item) for item in (value if isinstance(value, (list, tuple)) else [value]) if item is not None}
    return [(str(choice), label, str(choice) in chosen) for choice, label in choices or bound.field.choices]


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
