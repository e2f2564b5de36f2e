"""A letter template as the secretariat changes it: its name and era, the letterhead, and each part of its wording."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms

from dhrqa.form_fields import BoundedChoiceField, GovukTextField
from panel.composition import ISSUES_STYLES, PARTS, part_name, text_problems, wording_at
from panel.enums import LetterLogo
from panel.services.letter_templates import (
    LETTERHEAD_LENGTHS,
    MAX_ADDRESS_LINES,
    MAX_ERA_LENGTH,
    MAX_LETTERHEAD_LINE,
    MAX_NAME_LENGTH,
)


def _field_name(part, code=None):
    return f"{part.key}__{code}" if part.by_outcome else part.key


class LetterTemplateForm(forms.Form):
    """Built from a template version and its outcome set's outcomes; `template_fields` gives the next version's fields.

    Each part worded by outcome has one text area per outcome. A placeholder
    problem is an error next to its paragraph (panel.placeholders).
    """

    name = GovukTextField(name="the template's name", label="Name", max_length=MAX_NAME_LENGTH)
    era = GovukTextField(name="the era", label="Era", max_length=MAX_ERA_LENGTH,
                         help_text="The period or layout the wording belongs to, for example 2014 layout")
    unit = GovukTextField(name="the unit", label="Unit", max_length=LETTERHEAD_LENGTHS["unit"],
                          help_text="For example, Violent Crime Unit")
    address = GovukTextField(
        name="the address", label="Address", multiline=True, max_length=MAX_ADDRESS_LINES * (MAX_LETTERHEAD_LINE + 1),
        help_text=f"One line of the address per line, {MAX_ADDRESS_LINES} lines or fewer",
    )
    phone = GovukTextField(name="the phone number", label="Phone number (optional)", required=False,
                           max_length=LETTERHEAD_LENGTHS["phone"])
    fax = GovukTextField(name="the fax number", label="Fax number (optional)", required=False,
                         max_length=LETTERHEAD_LENGTHS["fax"])
    website = GovukTextField(name="the website", label="Website (optional)", required=False,
                             max_length=LETTERHEAD_LENGTHS["website"], help_text="For example, www.gov.uk/home-office")
    logo = BoundedChoiceField(name="the logo", label="Logo", choices=LetterLogo.choices, widget=forms.RadioSelect)
    issues_style = BoundedChoiceField(name="how the issues are listed", label="How are the issues listed?",
                                      choices=list(ISSUES_STYLES.items()), widget=forms.RadioSelect)

    def __init__(self, *args, template, outcomes, **kwargs):
        self.template = template
        self.outcomes = outcomes
        self.parts = {}
        super().__init__(*args, initial=_initial(template, outcomes), **kwargs)
        for name in ("logo", "issues_style"):
            self.fields[name].widget.attrs = {}
        wording, order = [], ["name", "era", "unit", "address", "phone", "fax", "website", "logo"]
        for part in PARTS:
            names = []
            for code, label in (outcomes if part.by_outcome else [(None, None)]):
                name = _field_name(part, code)
                subject = part_name(part, label)
                self.fields[name] = GovukTextField(
                    name=f"the {subject[0].lower()}{subject[1:]}", label=label if part.by_outcome else subject,
                    required=not part.optional, multiline=_is_paragraph(part), max_length=part.max_length,
                )
                self.parts[name] = (part, subject)
                names.append(name)
            order.extend(names)
            fields = [Field.textarea(name, rows=4) if _is_paragraph(part) else Field.text(name) for name in names]
            if part.by_outcome:
                legend = f"{part.label} (optional)" if part.optional else part.label
                wording.append(Fieldset(*fields, legend=legend, legend_size=Size.SMALL))
            else:
                wording.extend(fields)
            if part.key == "issues_intro":
                wording.append(Field.radios("issues_style", legend_size=Size.SMALL))
                order.append("issues_style")
        # The error summary lists problems in the order of the page.
        self.order_fields(order)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("name"), Field.text("era"),
            HTML('<h2 class="govuk-heading-m">Letterhead</h2>'),
            Field.text("unit"), Field.textarea("address", rows=4), Field.text("phone", field_width=20),
            Field.text("fax", field_width=20), Field.text("website"), Field.radios("logo", legend_size=Size.SMALL),
            HTML('<h2 class="govuk-heading-m">Wording</h2>'),
            *wording,
            Button("save", "Save as a new version"),
        )

    def clean_address(self):
        lines = [line.strip() for line in self.cleaned_data["address"].split("\n") if line.strip()]
        if len(lines) > MAX_ADDRESS_LINES:
            raise forms.ValidationError(f"Address must be {MAX_ADDRESS_LINES} lines or fewer")
        if any(len(line) > MAX_LETTERHEAD_LINE for line in lines):
            raise forms.ValidationError(f"Each line of the address must be {MAX_LETTERHEAD_LINE} characters or fewer")
        return lines

    def clean(self):
        cleaned = super().clean()
        for name, (part, subject) in self.parts.items():
            if name not in cleaned:
                continue
            # One paragraph: the line breaks of a text area read as spaces.
            cleaned[name] = " ".join(cleaned[name].split())
            problems = text_problems(part, cleaned[name])
            if problems:
                self.add_error(name, f"{subject} {problems[0]}")
        return cleaned

    def template_fields(self):
        """The next version's name, era, letterhead and paragraphs; the layout stays the template's."""
        data = self.cleaned_data
        paragraphs = {"layout": list(self.template.paragraphs.get("layout", []))}
        for part in PARTS:
            if part.by_outcome:
                paragraphs[part.key] = {code: data[_field_name(part, code)] for code, _label in self.outcomes}
            else:
                paragraphs[part.key] = data[part.key]
        paragraphs["issues_style"] = data["issues_style"]
        letterhead = {"unit": data["unit"], "address_lines": data["address"], "phone": data["phone"],
                      "fax": data["fax"], "website": data["website"], "logo": data["logo"]}
        return {"name": data["name"], "era": data["era"], "letterhead": letterhead, "paragraphs": paragraphs}


def _is_paragraph(part):
    # Headings, the greeting and the sign-off are a line; paragraphs get a text area.
    return part.max_length > 200


def _initial(template, outcomes):
    letterhead = template.letterhead
    initial = {
        "name": template.name, "era": template.era, "unit": letterhead.get("unit", ""),
        "address": "\n".join(letterhead.get("address_lines", [])), "phone": letterhead.get("phone", ""),
        "fax": letterhead.get("fax", ""), "website": letterhead.get("website", ""),
        "logo": letterhead.get("logo", ""), "issues_style": template.paragraphs.get("issues_style", ""),
    }
    for part in PARTS:
        for code, _label in (outcomes if part.by_outcome else [(None, None)]):
            initial[_field_name(part, code)] = wording_at(template.paragraphs, part, code) or ""
    return initial
