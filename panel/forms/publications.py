"""The CSP's record of where and when it published a report."""

from urllib.parse import urlsplit

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from dhrqa.dates import govuk_date
from dhrqa.form_fields import GovukDateField

URL_LENGTH = 500


class PublicationForm(forms.Form):
    url = forms.CharField(
        label="Web address of the published report", max_length=URL_LENGTH, strip=True,
        help_text="The page where anyone can read the report, for example https://www.example.gov.uk/dhr/louise",
        error_messages={"required": "Enter the web address of the published report",
                        "max_length": f"Web address must be {URL_LENGTH} characters or fewer"},
    )
    published_on = GovukDateField(
        name="date published", label="Date published", help_text="For example, 14 3 2026",
    )

    def __init__(self, *args, letter_date, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_date = letter_date
        self.fields["url"].widget.attrs.pop("maxlength", None)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("url", spellcheck=False), Field("published_on"), Button("record", "Save publication"),
        )

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith("https://"):
            raise ValidationError("Web address must start with https://")
        parts = urlsplit(url)
        try:
            URLValidator(schemes=["https"])(url)
        except ValidationError:
            raise ValidationError("Enter a web address in the correct format, like "
                                  "https://www.example.gov.uk/dhr/louise") from None
        # A public page: a named host, and no user name or password in the address.
        if "@" in parts.netloc or "." not in (parts.hostname or "") or (parts.hostname or "")[-1:].isdigit():
            raise ValidationError("Enter the address of a public web page, like https://www.example.gov.uk/dhr/louise")
        return url

    def clean_published_on(self):
        published_on = self.cleaned_data["published_on"]
        if self.letter_date is not None and published_on < self.letter_date:
            raise ValidationError(
                f"Date published must be on or after the date the letter was issued, "
                f"{govuk_date(self.letter_date)}")
        return published_on
