"""The secretariat's forms for planning meetings, their members and their agendas.

Every field assumes a hostile sender: lengths and numbers are bounded, and
each refusal is a GOV.UK message naming the field.
"""

import datetime
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Count, F
from django.utils.html import escape

from dhrqa.dates import govuk_time
from dhrqa.enums import PANEL_ROLES
from dhrqa.form_fields import GovukDateField, GovukTextField
from dhrqa.models import User
from dhrqa.text import text_problem
from panel.enums import AGENDA_OPEN
from panel.models import Meeting

MAX_CAPACITY = 30
SEARCH_LENGTH = 100
# "10am", "10:30am", "2.30 pm", "14:30": an hour, then minutes, then am or pm.
_TIME = re.compile(r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?:(?P<suffix>[ap])\.?m\.?)?")
_TIME_WORDS = {"midday": datetime.time(12), "noon": datetime.time(12), "12 noon": datetime.time(12),
               "midnight": datetime.time(0)}
# Longer than any time written as the hint shows.
_TIME_LENGTH = 12


class StartTimeField(forms.CharField):
    """A time typed as people write it: "10am", "2:30pm" or "14:30"."""

    default_error_messages = {
        "required": "Enter the start time",
        "format": "Enter the start time in the correct format, like 10am, 2:30pm or 14:30",
        "real": "Start time must be a real time, like 10am, 2:30pm or 14:30",
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        text = " ".join(value.lower().split())
        if text in _TIME_WORDS:
            return _TIME_WORDS[text]
        match = _TIME.fullmatch(text) if len(text) <= _TIME_LENGTH and text.isascii() else None
        if match is None or (match["minute"] is None and match["suffix"] is None):
            # A bare "10" could be morning or night.
            raise ValidationError(self.error_messages["format"], code="format")
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if match["suffix"]:
            if not 1 <= hour <= 12 or minute > 59:
                raise ValidationError(self.error_messages["real"], code="real")
            hour = hour % 12 + (12 if match["suffix"] == "p" else 0)
        elif hour > 23 or minute > 59:
            raise ValidationError(self.error_messages["real"], code="real")
        return datetime.time(hour, minute)

    def prepare_value(self, value):
        return govuk_time(value) if isinstance(value, datetime.time) else value


class VideoLinkField(forms.CharField):
    """An https:// link to the meeting's video call, and nothing else a browser would follow."""

    default_error_messages = {
        "invalid": "Enter the video link in the correct format, starting with https://",
        "max_length": "Video link must be 500 characters or fewer",
    }

    def __init__(self, **kwargs):
        super().__init__(max_length=500, required=False, **kwargs)
        self.widget.attrs.pop("maxlength", None)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        if len(value) <= self.max_length and text_problem(value) is not None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value

    def validate(self, value):
        super().validate(value)
        if value and len(value) <= self.max_length:
            URLValidator(schemes=["https"], message=self.error_messages["invalid"])(value)


class CapacityField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(
            label="Capacity", help_text=f"The most reviews the agenda takes, from 1 to {MAX_CAPACITY}",
            min_value=1, max_value=MAX_CAPACITY,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            error_messages={
                "required": "Enter the capacity",
                "invalid": "Capacity must be a whole number, like 8",
                "min_value": f"Capacity must be between 1 and {MAX_CAPACITY}",
                "max_value": f"Capacity must be between 1 and {MAX_CAPACITY}",
            },
            **kwargs,
        )

    def to_python(self, value):
        # Not even parsed when longer than any capacity could be written (int() of a long string is slow).
        if isinstance(value, str) and len(value.strip()) > 4:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class PanelPersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class PanelPeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


_CHOOSE_FROM_LIST = {"invalid_choice": "Select members from the list",
                     "invalid_pk_value": "Select members from the list"}


def panel_people():
    """Active panel members and chairs: any of them may chair a meeting, sit on it or read for it."""
    return User.objects.filter(role__in=PANEL_ROLES, is_active=True).order_by("full_name", "id")


class MeetingForm(forms.Form):
    """A meeting's date, time, place, capacity and chair; on creation, the members to invite too."""

    date = GovukDateField(name="date of the meeting", label="Date of the meeting", help_text="For example, 15 1 2027",
                          earliest=datetime.date(2011, 4, 13), allow_future=True)
    start_time = StartTimeField(label="Start time", help_text="For example, 10am, 2:30pm or 14:30", required=True)
    location = GovukTextField(name="the place", label="Place (optional)", max_length=300, required=False,
                              help_text="The room and building")
    video_link = VideoLinkField(label="Video link (optional)", help_text="Starting with https://")
    capacity = CapacityField(initial=10)
    chair = PanelPersonChoice(
        label="Chair", queryset=User.objects.none(), empty_label="Select the chair",
        help_text="Any panel member or chair can chair a meeting",
        error_messages={"required": "Select who chairs the meeting",
                        "invalid_choice": "Select who chairs the meeting from the list"},
    )
    members = PanelPeopleChoice(
        label="Members to invite", queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="You can invite more later. Readers you assign are invited too",
        error_messages=_CHOOSE_FROM_LIST,
    )

    def __init__(self, *args, agenda_size=None, **kwargs):
        """`agenda_size` is given when changing a meeting: the capacity cannot go below it, and members are
        invited on their own page."""
        super().__init__(*args, **kwargs)
        self.agenda_size = agenda_size
        self.fields["chair"].queryset = panel_people()
        creating = agenda_size is None
        if creating:
            self.fields["members"].queryset = panel_people()
        else:
            del self.fields["members"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("date"), Field.text("start_time", field_width=5), Field.text("location", field_width=20),
            Field.text("video_link"), Field.text("capacity", field_width=2), Field.select("chair"),
            *([Field.checkboxes("members", legend_size=Size.MEDIUM, legend_tag="h2", small=True)] if creating else []),
            Button("submit", "Plan the meeting" if creating else "Save changes"),
        )

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.agenda_size and capacity < self.agenda_size:
            raise ValidationError(f"Capacity must be at least {self.agenda_size}: the agenda already has "
                                  f"{self.agenda_size} item{'s' if self.agenda_size != 1 else ''}")
        return capacity


class InviteForm(forms.Form):
    members = PanelPeopleChoice(
        label="Invite members", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the members to invite", **_CHOOSE_FROM_LIST},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            panel_people().exclude(pk=meeting.chair_id).exclude(memberships__meeting=meeting)
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.checkboxes("members", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Button("invite", "Invite"),
        )


class MemberChoiceForm(forms.Form):
    """The member a "Remove" button names."""

    remove = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class AttendanceForm(forms.Form):
    attended = PanelPeopleChoice(
        label="Who came?", queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select members invited to this meeting",
                        "invalid_pk_value": "Select members invited to this meeting"},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = User.objects.filter(memberships__meeting=meeting).order_by("full_name", "id")
        self.fields["attended"].help_text = (
            # crispy-forms-gds renders help text as HTML: a name is text.
            f"Select the members who are here. The chair, {escape(meeting.chair.full_name)}, is recorded as present")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.checkboxes("attended", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Button("submit", "Record attendance and start the meeting"),
        )


class ConfirmForm(forms.Form):
    """A confirmation page's one button: the refusal, if any, is shown as the form's error."""

    def __init__(self, *args, button, warning=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Button.warning("submit", button) if warning else Button("submit", button))


class AgendaSearchForm(forms.Form):
    q = GovukTextField(name="the search", label="Search", max_length=SEARCH_LENGTH, required=False,
                       help_text="Reference, CSP name or pseudonym")

    def search(self):
        """The words to search for, or "" when there are none or they are refused."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class ScheduleForm(forms.Form):
    """The submission an "Add to agenda" button names."""

    submission = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class ReorderForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


def meetings_with_room(excluding):
    """Meetings whose agenda is open and not full, soonest first, other than `excluding`."""
    return (
        Meeting.objects.filter(status__in=AGENDA_OPEN).exclude(pk=excluding.pk)
        .annotate(item_count=Count("agenda_items")).filter(item_count__lt=F("capacity"))
        .order_by("date", "id")
    )


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.item_count} of {obj.capacity} places used)"


class MoveForm(forms.Form):
    meeting = MeetingChoice(
        label="Which meeting should it move to?", queryset=Meeting.objects.none(), widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the meeting to move it to",
                        "invalid_choice": "Select a meeting whose agenda has room"},
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings_with_room(excluding=item.meeting)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("meeting", legend_size=Size.LARGE, legend_tag="h1"),
            Button("submit", "Move it"),
        )
