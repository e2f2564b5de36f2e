"""Editing a draft letter's words, sending it back, and correcting a signed one."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from dhrqa.form_fields import GovukTextField
from panel.composition import CLOSING_ROLE, EXTRA_ROLE, ISSUES_ROLE, content_digest
from panel.forms.revisions import refuse_without_revision

MAX_ISSUE_LENGTH = 5000
MAX_PARAGRAPH_LENGTH = 5000


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class LetterEditForm(forms.Form):
    """The parts of a draft the secretariat may change: who it is addressed to, each issue's words, one more paragraph.

    Built from the letter's content, and giving back the content with the changes (`edited_content`).
    """

    addressee_name = GovukTextField(name="the addressee's name", label="Name", max_length=200)
    addressee_title = GovukTextField(name="the addressee's job title", label="Job title (optional)", required=False,
                                     max_length=200)
    addressee_organisation = GovukTextField(name="the organisation", label="Organisation (optional)", required=False,
                                            max_length=200)
    address = GovukTextField(name="the address", label="Address", multiline=True, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 5}), help_text="One line of the address per line")
    salutation = GovukTextField(name="the greeting", label="Greeting", max_length=200,
                                help_text="For example, Dear Mr Hill,")
    extra_paragraph = GovukTextField(
        name="the extra paragraph", label="An extra paragraph (optional)", required=False, multiline=True,
        max_length=MAX_PARAGRAPH_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Goes before the closing paragraph. Leave a blank line to start another paragraph.",
    )

    # The fingerprint of the words the form was filled in from: saving refuses if they changed meanwhile.
    based_on = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, content, **kwargs):
        self.content = content
        addressee = content.get("addressee", {})
        initial = {
            "addressee_name": addressee.get("name", ""), "addressee_title": addressee.get("title", ""),
            "addressee_organisation": addressee.get("organisation", ""),
            "address": "\n".join(addressee.get("address_lines", [])), "salutation": content.get("salutation", ""),
            "based_on": content_digest(content),
            "extra_paragraph": "\n\n".join(block["text"] for block in content.get("blocks", [])
                                           if block.get("role") == EXTRA_ROLE),
        }
        super().__init__(*args, initial=initial, **kwargs)
        fields = ["addressee_name", "addressee_title", "addressee_organisation", "address", "salutation"]
        self.issue_names = []
        for index, text in enumerate(self._issues()):
            name = f"issue_{index + 1}"
            self.fields[name] = GovukTextField(
                name=f"issue {index + 1}", label=f"Issue {index + 1}", multiline=True, max_length=MAX_ISSUE_LENGTH,
                initial=text, widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.issue_names.append(name)
        self.helper = _helper(
            "based_on",
            *(Field.text(name) if name != "address" else Field.textarea(name) for name in fields),
            *(Field.textarea(name) for name in self.issue_names),
            Field.textarea("extra_paragraph", label_size=Size.MEDIUM, label_tag="h2"),
            Button("save", "Save the changes"),
        )

    def _issues(self):
        for block in self.content.get("blocks", []):
            if block.get("role") == ISSUES_ROLE:
                return list(block["items"])
        return []

    def clean(self):
        cleaned = super().clean()
        refuse_without_revision(self)
        return cleaned

    def edited_content(self):
        """The letter's content with the changes made: a new dict, the letter's own left alone."""
        data = self.cleaned_data
        blocks = []
        for block in self.content.get("blocks", []):
            if block.get("role") == EXTRA_ROLE:
                continue
            if block.get("role") == ISSUES_ROLE:
                block = {**block, "items": [data[name] for name in self.issue_names]}
            blocks.append(block)
        extra = [{"kind": "paragraph", "text": " ".join(chunk.split()), "role": EXTRA_ROLE}
                 for chunk in data["extra_paragraph"].split("\n\n") if chunk.strip()]
        # Before the closing paragraph; a letter composed before blocks had roles has it last.
        closing = next((index for index, block in enumerate(blocks) if block.get("role") == CLOSING_ROLE),
                       max(len(blocks) - 1, 0))
        blocks[closing:closing] = extra
        return {
            **self.content,
            "addressee": {
                "name": data["addressee_name"], "title": data["addressee_title"],
                "organisation": data["addressee_organisation"],
                "address_lines": [line.strip() for line in data["address"].splitlines() if line.strip()],
            },
            "salutation": data["salutation"],
            "blocks": blocks,
        }


class ReturnForm(forms.Form):
    comment = GovukTextField(
        name="what should change", label="What should change?", multiline=True, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}), help_text="The secretariat sees this with the letter",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("comment", label_size=Size.MEDIUM, label_tag="h2"),
                              Button("send_back", "Send it back"))


class CorrectionForm(forms.Form):
    reason = GovukTextField(
        name="the reason for the correction", label="Why does the letter need correcting?", multiline=True,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept with the new version and in the audit trail",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", label_size=Size.MEDIUM, label_tag="h2"),
                              Button("correct", "Start the correction"))
