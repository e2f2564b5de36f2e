"""Forms and formsets whose "Add another" button works without JavaScript."""

from django.forms.utils import ErrorDict


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


def shown_unchecked(form):
    """Show a bound form's typed values without checking them: adding a row is not submitting."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    return form
