from django import template

from dhrqa.dates import govuk_date, govuk_datetime

register = template.Library()


@register.filter(name="govuk_date")
def govuk_date_filter(value):
    """{{ review.date_of_death|govuk_date }} -> "27 March 2024"."""
    return govuk_date(value) if value else ""


@register.filter(name="govuk_datetime")
def govuk_datetime_filter(value):
    """{{ submission.submitted_at|govuk_datetime }} -> "27 March 2024 at 7:30pm"."""
    return govuk_datetime(value) if value else ""
