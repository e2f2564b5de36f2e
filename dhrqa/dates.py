"""Dates and times as GOV.UK writes them: "6 February 2014", "7:30pm", "6 February 2014 at 7:30pm"."""

from django.utils import timezone


def govuk_date(value):
    return f"{value.day} {value:%B %Y}"


def govuk_time(value):
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def govuk_datetime(value):
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{govuk_date(local)} at {govuk_time(local)}"
