"""The secretariat's completeness checklist, and the reasons for returning a submission."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from dhrqa.form_fields import GovukTextField
from submissions.enums import CaseKind, IntakeCheck

ACCEPT = "accept"
RETURN = "return"
MAX_REASONS = 20


class IntakeForm(forms.Form):
    checks = forms.MultipleChoiceField(
        label="Completeness checklist", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Tick each item you have confirmed.",
        error_messages={"invalid_choice": "Tick only the items on the checklist"},
    )
    decision = forms.ChoiceField(
        label="What do you want to do with this submission?", widget=forms.RadioSelect,
        choices=[(ACCEPT, "Accept it for a Panel meeting"), (RETURN, "Return it to the CSP")],
        error_messages={"required": "Select whether to accept or return the submission",
                        "invalid_choice": "Select whether to accept or return the submission"},
    )
    reasons = GovukTextField(
        name="the reasons for returning it", label="Reasons for returning it", required=False,
        max_length=10_000, multiline=True,
        help_text="One reason per line. The CSP answers each one in its next version.",
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        checks = [check for check in IntakeCheck
                  if not (check == IntakeCheck.ACTION_PLAN and kind == CaseKind.DECISION_NOT_TO_REVIEW)]
        self.fields["checks"].choices = [(check.value, check.label) for check in checks]
        self.required_checks = {check.value for check in checks}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.checkboxes("checks", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("reasons"),
        )

    def clean(self):
        cleaned = super().clean()
        decision, ticked = cleaned.get("decision"), set(cleaned.get("checks") or ())
        if decision == ACCEPT and ticked != self.required_checks and "checks" not in self.errors:
            self.add_error("checks", "Tick every item on the checklist to accept the submission, or return it")
        reasons = [line.strip() for line in (cleaned.get("reasons") or "").split("\n") if line.strip()]
        if decision == RETURN and not reasons and "reasons" not in self.errors:
            self.add_error("reasons", "Enter the reasons for returning the submission")
        if len(reasons) > MAX_REASONS:
            self.add_error("reasons", f"Enter {MAX_REASONS} reasons or fewer")
        cleaned["reason_list"] = reasons
        # A decision not to review has no action plan to check: it counts as checked.
        cleaned["ticked"] = ticked | ({IntakeCheck.ACTION_PLAN.value} - self.required_checks)
        return cleaned
