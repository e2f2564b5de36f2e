"""What the verdict and assessment pages say when a save crosses another (optimistic locking).

The service refuses the second save (a ChangedMeanwhile); the page keeps the person's own words
in the form, shows what is saved now, and sends the new revision so that saving again replaces it.
"""

from django.utils import timezone

from dhrqa.dates import govuk_date, govuk_time


def with_revision(data, revision):
    """A copy of the POST data whose hidden `based_on` is `revision`: saving it again is deliberate."""
    data = data.copy()
    data["based_on"] = str(revision)
    return data


def changed_meanwhile_message(refusal, user, thing):
    """The error summary's words: who saved `thing` ("verdict", "assessment") since the page was opened, and when."""
    when = ""
    if refusal.saved_at is not None:
        local = timezone.localtime(refusal.saved_at)
        when = f" at {govuk_time(local)} on {govuk_date(local)}"
    if refusal.saved_by is None or refusal.saved_by.pk == user.pk:
        who = f"You saved this {thing} in another tab or window{when}, after you opened this page"
    else:
        who = f"{refusal.saved_by.full_name} saved this {thing}{when}, after you opened this page"
    return (f"{who}. Your changes have not been saved. The {thing} as it is now is shown below your changes: "
            "save again to replace it with yours")
