"""Form fields shared by both apps, with GOV.UK error wording."""

import datetime

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError


class GovukDateField(DateInputField):
    """A day / month / year date input with the Design System's messages.

    `name` is how messages refer to the date, e.g. "date of death".
    """

    def __init__(self, *, name, **kwargs):
        super().__init__(**kwargs)
        self.error_messages.update(
            required=f"Enter the {name}",
            incomplete=f"{name.capitalize()} must include a day, month and year",
            invalid=f"{name.capitalize()} must be a real date",
        )

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            parts = [str(part).strip() if part is not None else "" for part in value]
            filled = [part != "" for part in parts]
            if any(filled) and not all(filled):
                raise ValidationError(self.error_messages["incomplete"], code="incomplete")
            if all(filled) and not all(part.isdigit() for part in parts):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().clean(value)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(str(year)) != 4:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
