"""The revision a form was filled in from, sent back with it, so that a save crossing another is refused."""

from django import forms

# More digits than any real revision; longer values are not even parsed.
_MAX_DIGITS = 9
# Never a saved revision: a tampered value is refused as a crossed save, and the page then sends the right one.
UNKNOWN = -1


class RevisionField(forms.CharField):
    """A hidden revision number: None when absent (not checked), UNKNOWN when it is not a number."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > _MAX_DIGITS or not (value.isascii() and value.isdigit()):
            return UNKNOWN
        return int(value)


# A form sent without the revision it was filled in from (a page from before revisions were sent, a crafted
# form) could overwrite what someone saved meanwhile unseen: it is refused, and nothing is saved.
OUT_OF_DATE = ("This page is out of date: your changes have not been saved. Reload the page to see what is saved "
               "now, then make your changes again")


def refuse_without_revision(form, field="based_on"):
    """Add OUT_OF_DATE to a bound `form` whose `field` came back empty or not at all."""
    if field not in form.errors and form.cleaned_data.get(field) in (None, ""):
        form.add_error(None, OUT_OF_DATE)
