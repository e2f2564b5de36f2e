"""A criterion as the secretariat writes it: heading, guidance, the judgements offered, the cases it applies to."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from dhrqa.form_fields import BoundedChoiceField, GovukTextField
from dhrqa.text import normalise
from panel.enums import CriterionScope
from panel.services.criteria import DOWN, MAX_OPTION_LENGTH, MAX_OPTIONS, MIN_OPTIONS, UP


class CriterionForm(forms.Form):
    heading = GovukTextField(name="the heading", label="Heading", max_length=200,
                             help_text="Changing it changes it in assessments already made. To replace a criterion, "
                                       "retire it and add a new one")
    guidance = GovukTextField(
        name="the guidance", label="Guidance for readers (optional)", required=False, multiline=True,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), help_text="What the Panel looks for",
    )
    judgement_options = GovukTextField(
        name="the judgements readers choose from", label="Judgements readers choose from", multiline=True,
        # Six options of 100 characters, each on its own line.
        max_length=MAX_OPTIONS * (MAX_OPTION_LENGTH + 2), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One on each line, {MIN_OPTIONS} to {MAX_OPTIONS} of them, for example Adequate and Inadequate",
    )
    applies_to = BoundedChoiceField(name="which cases the criterion applies to", label="Which cases does it apply to?",
                                    choices=CriterionScope.choices, widget=forms.RadioSelect)
    is_active = forms.BooleanField(
        label="Offer this criterion in new assessments", required=False,
        help_text="Untick to retire it. Assessments already made keep their judgements against it",
    )

    def __init__(self, *args, adding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applies_to"].widget.attrs = {}
        fields = [Field.text("heading"), Field.textarea("guidance", rows=4),
                  Field.textarea("judgement_options", rows=4),
                  Field.radios("applies_to", legend_size=Size.SMALL)]
        if adding:
            del self.fields["is_active"]
        else:
            fields.append(Field.checkbox("is_active"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*fields, Button("save", "Add criterion" if adding else "Save changes"))

    def clean_judgement_options(self):
        lines = [normalise(line) for line in self.cleaned_data["judgement_options"].split("\n")]
        options = [line for line in lines if line]
        if len(options) < MIN_OPTIONS:
            raise forms.ValidationError(f"Enter at least {MIN_OPTIONS} judgements, one on each line")
        if len(options) > MAX_OPTIONS:
            raise forms.ValidationError(f"Enter {MAX_OPTIONS} judgements or fewer")
        too_long = [option for option in options if len(option) > MAX_OPTION_LENGTH]
        if too_long:
            raise forms.ValidationError(f"Each judgement must be {MAX_OPTION_LENGTH} characters or fewer")
        seen = set()
        for option in options:
            if option.casefold() in seen:
                raise forms.ValidationError(f"Enter each judgement once: {option} is there twice")
            seen.add(option.casefold())
        return options


def criterion_initial(criterion):
    return {"heading": criterion.heading, "guidance": criterion.guidance,
            "judgement_options": "\n".join(criterion.judgement_options), "applies_to": criterion.applies_to,
            "is_active": criterion.is_active}


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[(UP, "Up"), (DOWN, "Down")])
