import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from dhrqa.enums import PANEL_ROLES
from dhrqa.form_fields import GovukDateField
from dhrqa.models import User


class MeetingForm(forms.Form):
    date = GovukDateField(name="date of the meeting", label="Date of the meeting", help_text="For example, 15 1 2027",
                          earliest=datetime.date(2011, 4, 13), allow_future=True)
    chair = forms.ModelChoiceField(
        label="Chair", queryset=User.objects.none(), empty_label="Choose the chair",
        error_messages={"required": "Choose who chairs the meeting", "invalid_choice": "Choose who chairs the meeting"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(role__in=PANEL_ROLES, is_active=True)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("date"), Field.select("chair"), Button("submit", "Create meeting")
        )


class AgendaItemForm(forms.Form):
    submission = forms.ModelChoiceField(
        label="Which submission should go on the agenda?", queryset=None, widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a submission to add to the agenda",
                        "invalid_choice": "Choose a submission that is waiting for a meeting"},
    )

    def __init__(self, *args, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = submissions
        self.fields["submission"].label_from_instance = (
            lambda s: f"{s.review.reference}: {s.review.csp.name} ({s.review.victim_pseudonym})"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("submission", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("submit", "Add to agenda"),
        )
