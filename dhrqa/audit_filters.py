"""The filters of the secretariat's audit trail page and its CSV, with django-filter.

Every parameter may come from a hostile sender. Each field bounds what it accepts and says
so in GOV.UK words; a field with an error is left out of the filtering, so the list stays
sane while the form shows the message.
"""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.functional import cached_property

from dhrqa.enums import AuditAction
from dhrqa.form_fields import GovukDateField, GovukTextField, date_inputs
from dhrqa.models import User

# Events with no person: failed sign-ins, and the service's own work (rendering, text extraction).
THE_SERVICE = "service"
DATE_FIELDS = ("date_from", "date_to")
# Longer than any reference DHRQA_REFERENCE_FORMAT makes (the column holds 40).
REFERENCE_LENGTH = 40


def _person_choices():
    people = User.objects.order_by("full_name", "pk").values_list("pk", "full_name", "email")
    return [("", "Anyone"), (THE_SERVICE, "The service (no one signed in)"),
            *((str(pk), f"{name} ({email})") for pk, name, email in people)]


class DateFilter(django_filters.Filter):
    field_class = GovukDateField


class ReferenceFilter(django_filters.Filter):
    field_class = GovukTextField


class AuditFilterForm(forms.Form):
    """The filters' form; templates/dhrqa/audit_trail_filters.html writes its GOV.UK markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Listed once per request: the same list checks the value and fills the drop-down.
        self.fields["person"].choices = _person_choices()

    @cached_property
    def selects(self):
        """[(bound field, [(value, label, chosen)])] for the drop-downs."""
        return [(self[name], _as_chosen(self[name])) for name in ("person", "action")]

    @cached_property
    def dates(self):
        """[(bound field, [(input name, label, width, value)])] for the day / month / year inputs."""
        return date_inputs(self, DATE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Date to must be the same as or after date from")
        return cleaned


class AuditEventFilter(django_filters.FilterSet):
    review = ReferenceFilter(
        method="by_review", name="the review reference", label="Review reference", max_length=REFERENCE_LENGTH,
        help_text="For example, KENT-2014-01",
    )
    person = django_filters.ChoiceFilter(
        method="by_person", label="Person", choices=[], empty_label=None,
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    action = django_filters.ChoiceFilter(
        label="Action", choices=sorted(AuditAction.choices, key=lambda choice: choice[1]), empty_label="All actions",
        error_messages={"invalid_choice": "Select an action from the list"},
    )
    date_from = DateFilter(method="on_or_after", name="date from", label="Date from",
                           help_text="For example, 1 4 2026")
    date_to = DateFilter(method="on_or_before", name="date to", label="Date to", help_text="For example, 30 4 2026")

    class Meta:
        form = AuditFilterForm

    def by_person(self, queryset, name, value):
        if value == THE_SERVICE:
            return queryset.filter(actor__isnull=True)
        return queryset.filter(actor_id=int(value))

    def by_review(self, queryset, name, value):
        # References are stored in capitals (DHRQA_REFERENCE_FORMAT): an exact match uses the index.
        return queryset.filter(review_reference=value.strip().upper())

    # Whole days in the project's time zone, as bounds on the indexed column.
    def on_or_after(self, queryset, name, value):
        return queryset.filter(at__gte=_start_of(value))

    def on_or_before(self, queryset, name, value):
        # The form allows no date after today, so the next day always exists.
        return queryset.filter(at__lt=_start_of(value + datetime.timedelta(days=1)))

    def in_force(self):
        """The filters in force as JSON-safe values, for the export's audit event and the links that keep them."""
        self.errors  # validates the form, so that cleaned_data holds the valid fields
        return {name: value.isoformat() if isinstance(value, datetime.date) else value
                for name, value in self.form.cleaned_data.items() if value not in (None, "")}

    def params(self):
        """The filters in force as query parameters, for the pagination and the CSV link."""
        found = []
        for name, value in self.in_force().items():
            if name in DATE_FIELDS:
                day = datetime.date.fromisoformat(value)
                found += [(f"{name}_0", day.day), (f"{name}_1", day.month), (f"{name}_2", day.year)]
            else:
                found.append((name, value))
        return found


def _as_chosen(bound):
    value = bound.value()
    chosen = "" if value is None else str(value)
    return [(str(choice), label, str(choice) == chosen) for choice, label in bound.field.choices]


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
