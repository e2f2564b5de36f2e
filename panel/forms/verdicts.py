"""The chair's verdict: outcome, strengths, the letter's issues and the responses to national recommendations.

Nothing here is typed as a number the chair must get right: recommendations
are ticked from the version's own national recommendations, and issues are
picked from the readers' suggestions or typed, then ordered.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from dhrqa.form_fields import BoundedChoiceField, GovukTextField
from dhrqa.formsets import GovukFormSet
from panel.forms.revisions import RevisionField, refuse_without_revision
from panel.services.verdicts import IssueDraft, ResponseDraft
from submissions.enums import NationalBody

MAX_ISSUES = 40
MAX_RESPONSES = 30


class VerdictForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", widget=forms.RadioSelect,
        error_messages={"required": "Select the Panel's verdict", "invalid_choice": "Select the Panel's verdict"},
    )
    commendation = GovukTextField(
        name="the strengths or commendation", label="Strengths or commendation (optional)", required=False,
        multiline=True, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Written as it will read in the letter. Leave a blank line between paragraphs.",
    )
    suggestions = forms.MultipleChoiceField(
        label="Add readers' suggested issues to the letter", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select suggestions from the list"},
        help_text="Each one ticked is added to the end of the issues, to edit and order",
    )
    # The verdict's revision the form was filled in from (0: none recorded yet): a save crossing another is refused.
    based_on = RevisionField()

    def __init__(self, *args, outcome_set, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.code, o.label) for o in outcome_set.outcomes.all()]
        self.suggestion_objects = {str(s.pk): s for s in suggestions}
        self.fields["suggestions"].choices = [
            (str(s.pk), f"{s.as_letter_text} ({s.assessment.assignment.reader})") for s in suggestions
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "based_on",
            Field.radios("outcome", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("commendation", label_size=Size.SMALL),
        )

    def clean(self):
        cleaned = super().clean()
        refuse_without_revision(self)
        return cleaned

    def picked_issues(self):
        return [
            IssueDraft(self.suggestion_objects[pk].as_letter_text, int(pk))
            for pk in self.cleaned_data.get("suggestions", [])
        ]


class ChangeReasonForm(forms.Form):
    reason = GovukTextField(
        name="the reason for the change", label="Why is the confirmed verdict changing?", multiline=True,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is kept in the audit trail with what the verdict said before",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.textarea("reason", label_size=Size.MEDIUM, label_tag="h2"))


class IssueForm(forms.Form):
    text = GovukTextField(name="the issue", label="Issue", required=False, multiline=True, max_length=5000,
                          widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(
        label="Order", required=False, min_value=1, max_value=MAX_ISSUES,
        error_messages={"invalid": "Enter the order as a whole number, like 2",
                        "min_value": "Enter an order of 1 or more",
                        "max_value": f"Enter an order of {MAX_ISSUES} or less"},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    suggestion = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    remove = forms.BooleanField(label="Remove this issue", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.textarea("text"), Field.text("order", field_width=2), Field("suggestion"), Field.checkbox("remove"),
        )


class BaseIssueFormSet(GovukFormSet):
    noun = "issue"

    def issues(self):
        """The issues kept, in the order given (rows without an order keep their place after those with one)."""
        rows = [
            (form.cleaned_data.get("order") or MAX_ISSUES + index, index, form.cleaned_data)
            for index, form in enumerate(self.forms)
            if form.cleaned_data.get("text") and not form.cleaned_data.get("remove")
        ]
        return [IssueDraft(data["text"], data.get("suggestion")) for _order, _index, data in sorted(rows)]


IssueFormSet = forms.formset_factory(
    IssueForm, formset=BaseIssueFormSet, extra=1, max_num=MAX_ISSUES, absolute_max=MAX_ISSUES, validate_max=True,
)
ISSUE_FIELDS = ("text", "order", "suggestion")


class NationalResponseForm(forms.Form):
    recommendations = forms.MultipleChoiceField(
        label="Recommendations this answers", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select recommendations from this version's national recommendations"},
    )
    routed_to = BoundedChoiceField(name="who the response is routed to", label="Routed to",
                                   choices=[("", "Choose a body"), *NationalBody.choices], required=False)
    routed_to_other = GovukTextField(name="the body it is routed to", label="If other, the name of the body",
                                     required=False, max_length=200)
    text = GovukTextField(
        name="the response", label="Response", required=False, multiline=True, max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}), help_text="Leave a blank line between paragraphs",
    )

    def __init__(self, *args, recommendations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].choices = [
            (str(rec.pk), f"Recommendation {rec.number}: {_shortened(rec.text)}"
                          + (f" (to {rec.addressed_to})" if rec.addressed_to else ""))
            for rec in recommendations
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.checkboxes("recommendations", legend_size=Size.SMALL, small=True),
            Field.select("routed_to"),
            Field.text("routed_to_other", field_width=20),
            Field.textarea("text"),
        )

    def clean(self):
        cleaned = super().clean()
        ticked, text = cleaned.get("recommendations"), cleaned.get("text", "")
        routed_to = cleaned.get("routed_to", "")
        # In the order of the fields, so the error summary reads down the page.
        if text and not ticked and "recommendations" not in self.errors:
            self.add_error("recommendations", "Select the recommendations this response answers")
        if (ticked or text) and not routed_to and "routed_to" not in self.errors:
            self.add_error("routed_to", "Select who the response is routed to")
        if routed_to == NationalBody.OTHER and not cleaned.get("routed_to_other") and \
                "routed_to_other" not in self.errors:
            self.add_error("routed_to_other", "Enter the name of the body the response is routed to")
        if ticked and not text and "text" not in self.errors:
            self.add_error("text", "Enter the Panel's response to these recommendations")
        return cleaned


def _shortened(text, limit=140):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class BaseNationalResponseFormSet(GovukFormSet):
    noun = "response"

    def responses(self):
        """The responses in the order entered, skipping empty rows."""
        return [
            ResponseDraft(
                recommendation_ids=tuple(int(pk) for pk in form.cleaned_data["recommendations"]),
                routed_to=form.cleaned_data["routed_to"], text=form.cleaned_data["text"],
                routed_to_other=form.cleaned_data.get("routed_to_other", ""),
            )
            for form in self.forms
            if form.cleaned_data.get("recommendations")
        ]


NationalResponseFormSet = forms.formset_factory(
    NationalResponseForm, formset=BaseNationalResponseFormSet, extra=0,
    max_num=MAX_RESPONSES, absolute_max=MAX_RESPONSES, validate_max=True,
)
RESPONSE_FIELDS = ("recommendations", "routed_to", "routed_to_other", "text")
