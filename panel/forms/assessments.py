"""A reader's assessment of one report: a judgement and comment per criterion, strengths, issues, an outcome.

Everything may be left empty in a draft. What submitting needs (every
criterion judged, an outcome chosen) is the service's rule: when it
refuses, `AssessmentForm.mark_incomplete` puts the message beside each
answer that is missing.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.html import escape

from dhrqa.form_fields import GovukTextField
from dhrqa.formsets import GovukFormSet
from panel.forms.revisions import RevisionField, refuse_without_revision
from panel.services.assessments import Judgement, Suggestion

MAX_ISSUES = 30
ISSUE_PREFIX = "issue"
ISSUE_FIELDS = ("text", "citation", "remove")


class AssessmentForm(forms.Form):
    """One radio question and one comment per criterion (fields judgement_<id> and comment_<id>), then the rest."""

    strengths = GovukTextField(
        name="the strengths", label="The report's strengths", required=False, multiline=True,
        max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the report does well, which the letter may commend",
    )
    recommended_outcome = forms.ChoiceField(
        label="What outcome do you recommend?", required=False, widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the outcome you recommend from the list"},
    )
    # The assessment's revision the form was filled in from (0: none saved yet): a save crossing
    # one from another tab is refused.
    based_on = RevisionField()

    def __init__(self, *args, criteria, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        layout = []
        for criterion in self.criteria:
            judgement, comment = f"judgement_{criterion.pk}", f"comment_{criterion.pk}"
            # crispy-forms-gds marks labels and hints safe: text the secretariat typed is escaped here.
            self.fields[judgement] = forms.ChoiceField(
                label=escape(criterion.heading), help_text=escape(criterion.guidance), required=False,
                widget=forms.RadioSelect, choices=[(option, option) for option in criterion.judgement_options],
                error_messages={"invalid_choice": f"Select one of the judgements for {criterion.heading}"},
            )
            self.fields[comment] = GovukTextField(
                name=f"your comment on {criterion.heading}",
                label=f"Comment on {escape(criterion.heading)} (optional)",
                required=False, multiline=True, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
            )
            # Side by side only when there are two short answers, as the Design System advises.
            inline = len(criterion.judgement_options) == 2 and all(len(o) <= 20 for o in criterion.judgement_options)
            layout += [Field.radios(judgement, legend_size=Size.MEDIUM, legend_tag="h3", small=True, inline=inline),
                       Field.textarea(comment, rows=3)]
        self.fields["recommended_outcome"].choices = [(outcome.code, outcome.label) for outcome in outcomes]
        # The criteria first, as the page shows them, so the error summary lists problems in page order.
        last = ("strengths", "recommended_outcome", "based_on")
        self.order_fields([name for name in self.fields if name not in last] + list(last))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "based_on", *layout, Field.textarea("strengths", label_size=Size.MEDIUM, label_tag="h2", rows=5))
        self.outcome_helper = FormHelper()
        self.outcome_helper.form_tag = False
        self.outcome_helper.disable_csrf = True
        self.outcome_helper.layout = Layout(
            Field.radios("recommended_outcome", legend_size=Size.MEDIUM, legend_tag="h2"))

    def clean(self):
        cleaned = super().clean()
        refuse_without_revision(self)
        return cleaned

    def judgements(self):
        return [
            Judgement(criterion.pk, self.cleaned_data[f"judgement_{criterion.pk}"],
                      self.cleaned_data[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def mark_incomplete(self, refusal):
        """Show the service's AssessmentIncomplete beside each answer still missing; on the form if none is."""
        marked = False
        for criterion in self.criteria:
            name = f"judgement_{criterion.pk}"
            if not self.cleaned_data.get(name):
                self.add_error(name, f"Select a judgement for {criterion.heading}")
                marked = True
        if not self.cleaned_data.get("recommended_outcome"):
            self.add_error("recommended_outcome", "Select the outcome you recommend")
            marked = True
        if not marked:
            self.add_error(None, str(refusal))


def initial_answers(assessment):
    """What a saved draft fills the form with."""
    if assessment is None:
        return {"based_on": 0}
    initial = {"strengths": assessment.strengths, "based_on": assessment.revision,
               "recommended_outcome": assessment.recommended_outcome.code if assessment.recommended_outcome else ""}
    for judgement in assessment.judgements.all():
        initial[f"judgement_{judgement.criterion_id}"] = judgement.judgement
        initial[f"comment_{judgement.criterion_id}"] = judgement.comment
    return initial


class SuggestedIssueForm(forms.Form):
    text = GovukTextField(name="the issue", label="Issue", required=False, multiline=True, max_length=2000,
                          widget=forms.Textarea(attrs={"rows": 3}))
    citation = GovukTextField(name="where in the report", label="Where in the report (optional)", required=False,
                              max_length=200, help_text="For example, Executive Summary 5.12")
    remove = forms.BooleanField(label="Remove this issue", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.textarea("text", rows=3), Field.text("citation", field_width=20), Field.checkbox("remove",
                                                                                                   small=True),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("citation") and not cleaned.get("text") and not cleaned.get("remove") \
                and "text" not in self.errors:
            self.add_error("text", "Enter the issue, or clear where in the report it is")
        return cleaned


class BaseSuggestedIssueFormSet(GovukFormSet):
    noun = "issue"

    def suggestions(self):
        """The issues kept, in the order entered: rows left empty or ticked to remove are dropped."""
        return [
            Suggestion(form.cleaned_data["text"], form.cleaned_data.get("citation", ""))
            for form in self.forms
            if form.cleaned_data.get("text") and not form.cleaned_data.get("remove")
        ]


SuggestedIssueFormSet = forms.formset_factory(
    SuggestedIssueForm, formset=BaseSuggestedIssueFormSet, extra=0, max_num=MAX_ISSUES, absolute_max=MAX_ISSUES,
    validate_max=True,
)


def issues_formset(data=None, *, assessment=None):
    """The issue rows: as sent, or the draft's (one empty row when there are none)."""
    if data is not None:
        return SuggestedIssueFormSet(data, prefix=ISSUE_PREFIX)
    rows = [{"text": issue.text, "citation": issue.citation}
            for issue in (assessment.suggested_issues.all() if assessment else ())]
    formset = SuggestedIssueFormSet(initial=rows, prefix=ISSUE_PREFIX)
    formset.extra = 0 if rows else 1
    return formset


def issues_with_row_added(data):
    """The rows as typed, less any ticked to remove, unbound (nothing is checked yet), with one empty row more.

    As dhrqa.formsets.with_extra_row, which keeps every row: here "Add another
    issue" also drops the rows ticked to remove, so the reader sees what saving would keep.
    """
    rows = []
    for index in range(MAX_ISSUES):
        row_prefix = f"{ISSUE_PREFIX}-{index}-"
        if not any(f"{row_prefix}{name}" in data for name in ISSUE_FIELDS):
            break
        if not data.get(f"{row_prefix}remove"):
            rows.append({"text": data.get(f"{row_prefix}text", ""), "citation": data.get(f"{row_prefix}citation", "")})
    formset = SuggestedIssueFormSet(initial=rows, prefix=ISSUE_PREFIX)
    formset.extra = 1 if len(rows) < MAX_ISSUES else 0
    return formset
