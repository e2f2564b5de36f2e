"""The delay dashboard's filters: a year of decision and a CSP, as GET parameters from anyone."""

from django import forms

from dhrqa import clock
from dhrqa.models import CommunitySafetyPartnership

# Domestic Homicide Reviews began on 13 April 2011.
FIRST_YEAR = 2011


class DashboardFilterForm(forms.Form):
    """Both optional. A bad value is an error on the form, and the figures are shown unfiltered by it."""

    year = forms.TypedChoiceField(
        label="Year of the decision to review", required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": "Select a year from the list"},
    )
    csp = forms.ModelChoiceField(
        label="CSP", required=False, queryset=CommunitySafetyPartnership.objects.order_by("name"),
        empty_label="All CSPs", error_messages={"invalid_choice": "Select a CSP from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(clock.today().year, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [("", "All years"), *((str(year), str(year)) for year in years)]

    def selects(self):
        """[(bound field, [(value, label, chosen)])] for the template's drop-downs (the CSPs in one query)."""
        csps = [("", "All CSPs"), *((str(pk), name) for pk, name in
                                    self.fields["csp"].queryset.values_list("pk", "name"))]
        found = []
        for name, choices in (("year", self.fields["year"].choices), ("csp", csps)):
            bound = self[name]
            chosen = "" if bound.errors else str(bound.value() or "")
            found.append((bound, [(value, label, value == chosen) for value, label in choices]))
        return found

    def chosen(self):
        """(year or None, CSP or None): the valid filters only."""
        data = self.cleaned_data if self.is_bound else {}
        year = None if "year" in self.errors else data.get("year")
        csp = None if "csp" in self.errors else data.get("csp")
        return year, csp
