"""The filters of the list of routed national recommendations (status, body, CSP, year sent, overdue).

Every parameter may come from a hostile sender: a value that is not one of the choices is a GOV.UK error on
the form and is left out of the filtering.
"""

import django_filters
from django import forms
from django.utils.functional import cached_property

from dhrqa import clock
from dhrqa.enums import NationalBody
from dhrqa.models import CommunitySafetyPartnership
from panel.enums import AWAITING_ANSWER, NationalStatus

# National recommendations were first routed in 2011, when the statutory guidance came in.
FIRST_YEAR = 2011
OVERDUE = "yes"


def _years():
    return [(str(year), str(year)) for year in range(clock.today().year, FIRST_YEAR - 1, -1)]


class RoutedFilterForm(forms.Form):
    @cached_property
    def selects(self):
        """[(bound field, [(value, label, chosen)])] for the drop-downs this person is offered."""
        return [(self[name], _as_chosen(self[name])) for name in self.fields if name != "overdue"]


def _as_chosen(field):
    chosen = str(field.value() or "")
    return [(str(value), label, str(value) == chosen) for value, label in field.field.choices]


class RoutedFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=NationalStatus.choices, empty_label="Any status", label="Status",
        error_messages={"invalid_choice": "Choose a status from the list"})
    body = django_filters.ChoiceFilter(
        choices=NationalBody.choices, empty_label="Any body", label="Routed to",
        error_messages={"invalid_choice": "Choose a body from the list"})
    csp = django_filters.ModelChoiceFilter(
        queryset=CommunitySafetyPartnership.objects.order_by("name"), empty_label="Any CSP", label="CSP",
        error_messages={"invalid_choice": "Choose a CSP from the list"})
    year = django_filters.ChoiceFilter(
        field_name="sent_on__year", choices=_years, empty_label="Any year", label="Year sent",
        error_messages={"invalid_choice": "Choose a year from the list"})
    overdue = django_filters.ChoiceFilter(
        choices=[(OVERDUE, "Overdue only")], method="only_overdue", label="Overdue",
        error_messages={"invalid_choice": "Choose overdue only, or leave it unticked"})

    class Meta:
        form = RoutedFilterForm

    def __init__(self, data=None, *args, with_body=True, **kwargs):
        super().__init__(data, *args, **kwargs)
        # A responder sees their own body's only: the filter would only ever offer one.
        if not with_body:
            del self.filters["body"]

    def only_overdue(self, queryset, name, value):
        return queryset.filter(status__in=AWAITING_ANSWER, due_on__lt=clock.today()) if value == OVERDUE else queryset

    def in_force(self):
        """The filters applied, as plain data for the audit trail and the links that keep them."""
        if not self.is_bound:
            return {}
        self.form.is_valid()  # the fields that are valid are in cleaned_data, whatever the others hold
        return {name: str(value.pk if hasattr(value, "pk") else value)
                for name, value in self.form.cleaned_data.items() if value not in (None, "")}
