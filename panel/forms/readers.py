"""Choosing an item's readers, and a member's declaration of a conflict of interest."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from dhrqa.form_fields import BoundedChoiceField, GovukTextField
from panel.enums import ConflictKind

REASON_MAX_LENGTH = 2000


def load_label(person):
    """ "Alex Reader – reading 3 reports": a panel member with their current load."""
    if person.load == 0:
        reading = "reading no reports"
    elif person.load == 1:
        reading = "reading 1 report"
    else:
        reading = f"reading {person.load} reports"
    return f"{person.full_name} – {reading}"


class AssignReadersForm(forms.Form):
    readers = forms.MultipleChoiceField(
        label="Panel members who can read this report", widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Each is e-mailed and invited to the meeting",
        error_messages={"required": "Select at least one panel member to read this report",
                        "invalid_choice": "Select panel members from the list"},
    )

    def __init__(self, *args, people, **kwargs):
        """`people`: the active panel members who may be chosen, each with its `load`."""
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        self.fields["readers"].choices = [(pk, load_label(person)) for pk, person in self.people.items()]

    def chosen(self):
        """The people ticked, each once however often the browser sent them."""
        return [self.people[pk] for pk in dict.fromkeys(self.cleaned_data["readers"])]


class ConflictForm(forms.Form):
    kind = BoundedChoiceField(
        name="the type of conflict of interest", label="What type of conflict of interest is it?",
        choices=ConflictKind.choices, widget=forms.RadioSelect,
    )
    reason = GovukTextField(
        name="the reason for your conflict of interest", label="Why do you have a conflict of interest?",
        multiline=True, max_length=REASON_MAX_LENGTH,
        help_text="For example, you know the family, or you work for an agency the review looks at",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # form_page.html writes the form's CSRF token.
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("reason", label_size=Size.MEDIUM, label_tag="h2", rows=4),
            Button("submit", "Declare the conflict of interest"),
        )
