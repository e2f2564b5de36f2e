"""Form fields shared by both apps, with GOV.UK error wording and bounds on everything typed."""

import datetime

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from dhrqa import clock
from dhrqa.dates import govuk_date
from dhrqa.text import normalise, text_problem

# Far enough back for any date the service records, and a year of four digits.
EARLIEST_DATE = datetime.date(1900, 1, 1)


class GovukTextField(forms.CharField):
    """A text input or text area whose value reads the same to everyone who sees it.

    `name` is how messages refer to the field ("the victim's pseudonym"):
    "Enter the victim's pseudonym", "Victim's pseudonym must be 100
    characters or fewer". Line breaks are allowed only when `multiline`.
    """

    def __init__(self, *, name, max_length, multiline=False, **kwargs):
        self.name = name
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(max_length=max_length, strip=False, **kwargs)
        subject = _subject(name)
        self.error_messages.update(
            required=f"Enter {name}",
            max_length=f"{subject} must be {max_length:,} characters or fewer",
        )
        # The browser's own limit would cut a paste short without saying so.
        self.widget.attrs.pop("maxlength", None)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        problem = text_problem(value, multiline=self.multiline)
        if problem == "must contain letters or numbers":
            return ""  # only white space: treated as not entered
        if problem is not None:
            raise ValidationError(f"{_subject(self.name)} {problem}", code="text")
        return normalise(value, multiline=self.multiline)


def _subject(name):
    """ "the victim's pseudonym" -> "Victim's pseudonym" at the start of a sentence."""
    words = name.split(" ", 1)
    if words[0] in ("the", "a", "an", "your") and len(words) == 2:
        name = words[1]
    return name[0].upper() + name[1:]


class GovukDateField(DateInputField):
    """A day / month / year date input with the Design System's messages.

    `name` is how messages refer to the date, e.g. "date of death".
    `earliest` and `latest` bound it (latest defaults to today; pass
    `allow_future=True` to lift that).
    """

    def __init__(self, *, name, earliest=EARLIEST_DATE, earliest_reason="", allow_future=False, **kwargs):
        super().__init__(**kwargs)
        self.name = name
        self.earliest = earliest
        self.earliest_reason = earliest_reason
        self.allow_future = allow_future
        self.error_messages.update(
            required=f"Enter the {name}",
            incomplete=f"{capfirst(name)} must include a day, month and year",
            invalid=f"{capfirst(name)} must be a real date",
        )

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            parts = [str(part).strip() if part is not None else "" for part in value]
            filled = [part != "" for part in parts]
            if any(filled) and not all(filled):
                raise ValidationError(self.error_messages["incomplete"], code="incomplete")
            if all(filled):
                day, month, year = parts
                # ASCII digits, a day and month of at most two and a year of four: anything
                # longer is not a date (and would overflow the date type).
                digits = all(part.isascii() and part.isdigit() for part in parts)
                if not digits or len(day) > 2 or len(month) > 2 or len(year) != 4:
                    raise ValidationError(self.error_messages["invalid"], code="invalid")
        value = super().clean(value)
        if value is None:
            return value
        if value < self.earliest:
            reason = f", {self.earliest_reason}" if self.earliest_reason else ""
            raise ValidationError(
                f"{capfirst(self.name)} must be on or after {govuk_date(self.earliest)}{reason}", code="early"
            )
        if not self.allow_future and value > clock.today():
            raise ValidationError(f"{capfirst(self.name)} must be today or in the past", code="future")
        return value

    def compress(self, data_list):
        if not data_list:  # an optional date left empty
            return None
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class BoundedChoiceField(forms.ChoiceField):
    """A choice whose messages name the question: "Select the type of review"."""

    def __init__(self, *, name, **kwargs):
        super().__init__(**kwargs)
        self.error_messages.update(required=f"Select {name}", invalid_choice=f"Select {name}")


def date_inputs(form, names):
    """A filter form's day / month / year inputs as a template lays them out, for each field in `names`.

    [(bound field, [(input name, label, width, value)])]: what was typed is shown again as typed.
    """
    found = []
    for name in names:
        bound = form[name]
        values = bound.value() or ["", "", ""]
        if not isinstance(values, (list, tuple)):
            values = ["", "", ""]
        parts = zip(("Day", "Month", "Year"), (2, 2, 4), values)
        found.append((bound, [(f"{bound.html_name}_{index}", label, width, "" if value is None else value)
                              for index, (label, width, value) in enumerate(parts)]))
    return found
