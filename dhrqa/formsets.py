"""Forms and formsets whose "Add another" button works without JavaScript, and whose own messages are GOV.UK's."""

from django import forms
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    ManagementForm,
)
from django.forms.utils import ErrorDict
from django.utils.functional import cached_property


def with_extra_row(formset_class, data, *, prefix, fields, **kwargs):
    """The rows as typed, unbound (so nothing is checked yet), with one blank row more.

    A button named for the row ("add_victim") submits the form; the view
    answers with this rather than a bound formset. `fields` names the
    fields of one row; rows stop at the first index with none of them.
    """
    rows = []
    for index in range(formset_class.absolute_max):
        row_prefix = f"{prefix}-{index}-"
        if not any(f"{row_prefix}{name}" in data for name in fields):
            break
        rows.append({name: data.get(f"{row_prefix}{name}", "") for name in fields})
    formset = formset_class(initial=rows, prefix=prefix, **kwargs)
    formset.extra = 1 if len(rows) < formset_class.max_num else 0
    return formset


def all_valid(*forms):
    """Whether every form and formset given is valid, checking each (None is skipped), so that all show their errors."""
    results = [form.is_valid() for form in forms if form is not None]
    return all(results)


def shown_unchecked(form):
    """Show a bound form's typed values without checking them: adding a row is not submitting."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    return form


class CountsManagementForm(ManagementForm):
    """Django's management form, refusing negative counts as it refuses letters."""

    TOTAL_FORMS = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    INITIAL_FORMS = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class GovukFormSet(forms.BaseFormSet):
    """A formset whose own messages read as GOV.UK writes them. `noun` names one row, e.g. "victim".

    A management form that is missing or tampered with (a count of 100000,
    letters, nothing) is refused with a message, and the rows that were
    sent are shown again rather than lost.
    """

    noun = "row"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plural = f"{self.noun}s"
        self.error_messages = {
            **self.error_messages,
            "missing_management_form": f"Check the {plural} and save the page again",
            "too_many_forms": f"Enter {self.max_num} {plural} or fewer",
            "too_few_forms": f"Enter at least {self.min_num} {self.noun if self.min_num == 1 else plural}",
        }

    @cached_property
    def management_form(self):
        if not self.is_bound:
            return self.page_management_form
        form = CountsManagementForm(self.data, auto_id=self.auto_id, prefix=self.prefix, renderer=self.renderer)
        form.full_clean()
        return form

    def total_form_count(self):
        if self.is_bound and not self.management_form.is_valid():
            return min(max(self._rows_sent(), self.min_num), self.absolute_max)
        return super().total_form_count()

    def _rows_sent(self):
        names = list(self.form.base_fields)
        count = 0
        while count < self.absolute_max and any(self.add_prefix(count) + f"-{name}" in self.data for name in names):
            count += 1
        return count

    @property
    def page_management_form(self):
        """The management form to render: the counts of the rows shown, whatever was sent.

        Rendering the one that was sent would send a tampered count back again.
        """
        return ManagementForm(auto_id=self.auto_id, prefix=self.prefix, renderer=self.renderer, initial={
            TOTAL_FORM_COUNT: self.total_form_count(), INITIAL_FORM_COUNT: self.initial_form_count(),
            MIN_NUM_FORM_COUNT: self.min_num, MAX_NUM_FORM_COUNT: self.max_num,
        })
