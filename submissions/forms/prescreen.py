"""The CSP's reason for leaving a pre-screen finding as it is, and the secretariat's lexicon entries."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from dhrqa.form_fields import GovukTextField
from submissions.prescreen.language import GAP, MAX_GAPS, TOO_MANY_GAPS, too_many_gaps


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class ConsiderForm(forms.Form):
    reason = GovukTextField(
        name="why no change is needed", label="Why is no change needed?", max_length=2000, multiline=True,
        help_text="The Panel's readers see this reason beside the finding.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=3), Button("submit", "Mark as considered, no change"))


class LexiconEntryForm(forms.Form):
    phrase = GovukTextField(
        name="the phrase", label="Phrase", max_length=100,
        help_text="Found as whole words, in any case. Write ... for up to three words in between, for example "
                  f"volatile ... relationship (at most {MAX_GAPS} times)",
    )
    inflect = forms.BooleanField(
        label="Also find simple inflections (fails, failing and failed for fail)", required=False)
    reason = GovukTextField(name="why it matters", label="Why it matters", max_length=1000, multiline=True,
                            help_text="The CSP sees this beside each passage that uses the phrase")
    better = GovukTextField(name="what to write instead", label="What to write instead", max_length=1000,
                            multiline=True)
    active = forms.BooleanField(
        label="Use this phrase in the language check", required=False,
        help_text="Untick to retire it. Versions already sent keep their findings",
    )

    def __init__(self, *args, adding, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field.text("phrase"), Field.checkbox("inflect"), Field.textarea("reason", rows=3),
                  Field.textarea("better", rows=3)]
        if adding:
            del self.fields["active"]
        else:
            fields.append(Field.checkbox("active"))
        self.helper = _helper(*fields, Button("save", "Add phrase" if adding else "Save changes"))

    def clean_phrase(self):
        phrase = " ".join(self.cleaned_data["phrase"].split())
        if not any(character.isalpha() for character in phrase.replace(GAP, "")):
            raise forms.ValidationError("The phrase must contain words")
        if phrase.startswith(GAP) or phrase.endswith(GAP):
            raise forms.ValidationError("The phrase must start and end with a word, not ...")
        return phrase

    def clean(self):
        cleaned = super().clean()
        # A phrase to be checked; one saved before the limit can still be retired.
        in_force = cleaned.get("active", True)
        if in_force and too_many_gaps(cleaned.get("phrase", "")):
            self.add_error("phrase", TOO_MANY_GAPS)
        return cleaned
