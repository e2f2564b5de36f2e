"""The review's particulars: what it is about, when each stage happened, who led it, and the people."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils.text import capfirst

from dhrqa.dates import govuk_date
from dhrqa.form_fields import BoundedChoiceField, GovukDateField, GovukTextField
from dhrqa.formsets import GovukFormSet
from submissions.enums import (
    AgeBand,
    CaseKind,
    DeathType,
    Ethnicity,
    PersonRole,
    PoliceForceArea,
    Relationship,
    ReviewType,
    Sex,
)

# Section 9 of the Domestic Violence, Crime and Victims Act 2004 came into force on this date.
DHR_COMMENCEMENT = datetime.date(2011, 4, 13)
MAX_PEOPLE = 10
NAME_LENGTH = 200


class ReviewDetailsForm(forms.Form):
    """Everything about the review but its people. Fields depend on the kind of case."""

    review_type = BoundedChoiceField(
        name="the type of review", label="What type of review is it?", widget=forms.RadioSelect,
        choices=ReviewType.choices,
    )
    death_type = BoundedChoiceField(
        name="how the person died", label="How did the person die?", widget=forms.RadioSelect,
        choices=DeathType.choices,
    )
    relationship = BoundedChoiceField(
        name="the relationship", label="What was the perpetrator's relationship to the victim?",
        widget=forms.RadioSelect, choices=Relationship.choices,
    )
    police_force_area = BoundedChoiceField(
        name="the police force area", label="Police force area",
        choices=[("", "Choose the police force area")] + PoliceForceArea.choices,
    )
    date_of_death = GovukDateField(
        name="date of death", label="Date of death", help_text="For example, 27 3 2024",
        earliest=DHR_COMMENCEMENT, earliest_reason="when Domestic Homicide Reviews began",
    )
    date_csp_notified = GovukDateField(
        name="date the CSP was notified", label="Date the police notified the CSP", help_text="For example, 3 4 2024",
    )
    date_decided = GovukDateField(
        name="date of the decision", label="Date the CSP decided to hold the review",
        help_text="For example, 24 4 2024",
    )
    date_home_office_notified = GovukDateField(
        name="date the Home Office was notified", label="Date the CSP notified the Home Office",
        help_text="For example, 26 4 2024",
    )
    independent_chair_name = GovukTextField(
        name="the independent chair's name", label="Independent chair's name", max_length=NAME_LENGTH,
    )
    author_name = GovukTextField(
        name="the author's name", label="Author's name (if not the chair)", max_length=NAME_LENGTH,
        required=False,
    )
    decision_reasons = GovukTextField(
        name="the reasons for the decision", label="Why did the CSP decide not to hold a review?",
        max_length=10_000, multiline=True,
        help_text="The Panel reads these with the decision. Use pseudonyms only.",
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == CaseKind.REVIEW:
            del self.fields["decision_reasons"]
            about = ["review_type", "death_type", "relationship", "police_force_area"]
            people = [Field.text("independent_chair_name", field_width=20), Field.text("author_name", field_width=20)]
        else:
            for name in ("review_type", "independent_chair_name", "author_name"):
                del self.fields[name]
            self.fields["date_decided"].label = "Date the CSP decided not to hold a review"
            self.fields["date_home_office_notified"].required = False
            self.fields["date_home_office_notified"].label = "Date the CSP notified the Home Office (if it has)"
            about = ["death_type", "relationship", "police_force_area"]
            people = [Field.textarea("decision_reasons")]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                *[Field.select(name) if name == "police_force_area" else Field.radios(name, legend_size=Size.SMALL)
                  for name in about],
                legend="About the death", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("date_of_death"), Field("date_csp_notified"), Field("date_decided"),
                Field("date_home_office_notified"),
                legend="Dates", legend_size=Size.MEDIUM,
            ),
            Fieldset(*people, legend="The review" if kind == CaseKind.REVIEW else "The decision",
                     legend_size=Size.MEDIUM),
        )

    def clean(self):
        cleaned = super().clean()
        order = [
            ("date_of_death", None),
            ("date_csp_notified", "date_of_death"),
            ("date_decided", "date_csp_notified"),
            ("date_home_office_notified", "date_decided"),
        ]
        for name, after in order:
            value, earlier = cleaned.get(name), cleaned.get(after) if after else None
            if value and earlier and value < earlier and name not in self.errors:
                self.add_error(name, f"{capfirst(self.fields[name].name)} must be on or after the "
                                     f"{self.fields[after].name}, {govuk_date(earlier)}")
        return cleaned

    def details(self):
        """The cleaned fields `register_review` and `update_review` take."""
        return {name: self.cleaned_data.get(name) for name in self.fields}


class PersonForm(forms.Form):
    pseudonym = GovukTextField(
        name="the pseudonym", label="Pseudonym", max_length=100, required=False,
        help_text="The name the report uses, never the person's real name",
    )
    age_band = forms.ChoiceField(label="Age at the time of the death", required=False,
                                 choices=[("", "Not given")] + AgeBand.choices)
    sex = forms.ChoiceField(label="Sex", required=False, choices=[("", "Not given")] + Sex.choices)
    ethnicity = forms.ChoiceField(label="Ethnic group", required=False, choices=[("", "Not given")] + Ethnicity.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("age_band", "sex", "ethnicity"):
            self.fields[name].error_messages["invalid_choice"] = f"Select the {self.fields[name].label.lower()} from the list"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("pseudonym", field_width=20), Field.select("age_band"), Field.select("sex"),
            Field.select("ethnicity"),
        )

    def has_person(self):
        return bool(self.cleaned_data.get("pseudonym"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("pseudonym") and any(cleaned.get(name) for name in ("age_band", "sex", "ethnicity")) \
                and "pseudonym" not in self.errors:
            self.add_error("pseudonym", "Enter the pseudonym, or clear the other answers for this person")
        return cleaned


PERSON_FIELDS = ("pseudonym", "age_band", "sex", "ethnicity")


class BasePeopleFormSet(GovukFormSet):
    role = None
    noun = None

    def clean(self):
        if any(self.errors) or not self.management_form.is_valid():
            return
        pseudonyms = [form.cleaned_data["pseudonym"] for form in self.forms if form.has_person()]
        if not pseudonyms:
            raise forms.ValidationError(f"Enter the pseudonym of at least one {self.noun}")

    def people(self):
        return [
            {"role": self.role, **{name: form.cleaned_data.get(name, "") for name in PERSON_FIELDS}}
            for form in self.forms if form.has_person()
        ]


def people_formset(role):
    noun = "victim" if role == PersonRole.VICTIM else "perpetrator"
    base = type(f"{noun.capitalize()}FormSet", (BasePeopleFormSet,), {"role": role, "noun": noun})
    return forms.formset_factory(PersonForm, formset=base, extra=0, min_num=1, max_num=MAX_PEOPLE,
                                 absolute_max=MAX_PEOPLE, validate_max=True)


VictimFormSet = people_formset(PersonRole.VICTIM)
PerpetratorFormSet = people_formset(PersonRole.PERPETRATOR)


def initial_people(review, role):
    return [
        {name: getattr(person, name) for name in PERSON_FIELDS}
        for person in review.people.all() if person.role == role
    ]


class CaseKindForm(forms.Form):
    kind = BoundedChoiceField(
        name="what you are sending", label="What are you sending to the Home Office?", widget=forms.RadioSelect,
        choices=[
            (CaseKind.REVIEW, "A Domestic Homicide Review"),
            (CaseKind.DECISION_NOT_TO_REVIEW, "A decision not to hold a review"),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs = {}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.LARGE, legend_tag="h1"))
