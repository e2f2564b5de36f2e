from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from dhrqa.enums import RESPONDING_BODIES
from panel.enums import NATIONAL_MOVE_LABELS, NATIONAL_MOVES
from panel.forms.revisions import RevisionField, refuse_without_revision

NOTE_LENGTH = 5000


class NationalMoveForm(forms.Form):
    """A responder's next step for one routed recommendation: the moves its status allows, and a note."""

    move = forms.ChoiceField(widget=forms.RadioSelect, label="What has your organisation done?",
                             error_messages={"required": "Choose what your organisation has done",
                                             "invalid_choice": "Choose one of the steps offered"})
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=NOTE_LENGTH,
        label="Note for the Home Office and the CSP",
        help_text="Required if you decline it: give your reasons. The CSP that made the recommendation reads this.",
        error_messages={"max_length": f"The note must be {NOTE_LENGTH} characters or fewer"})
    revision = RevisionField()

    def __init__(self, *args, status, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move"].choices = [(move, NATIONAL_MOVE_LABELS[move]) for move in NATIONAL_MOVES[status]]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("move", legend_size="m"), Field.textarea("note"), "revision",
                                    Button("submit", "Save"))

    def clean(self):
        cleaned = super().clean()
        refuse_without_revision(self, "revision")
        if cleaned.get("move") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", "Enter the reasons for declining the recommendation")
        return cleaned


class RerouteForm(forms.Form):
    """Where the secretariat sends a recommendation instead: a named body."""

    body = forms.ChoiceField(widget=forms.RadioSelect, label="Route it to",
                             choices=[(body.value, body.label) for body in RESPONDING_BODIES],
                             error_messages={"required": "Choose the body to route it to",
                                             "invalid_choice": "Choose one of the bodies listed"})
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE_LENGTH,
                           label="Why (optional)",
                           error_messages={"max_length": f"The note must be {NOTE_LENGTH} characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("body", legend_size="m"), Field.textarea("note"),
                                    Button("submit", "Re-route it"))
