"""Who is e-mailed when a submission moves, and what the e-mail may say.

E-mails say what happened and link to the service: never a pseudonym, a
document or its contents (the casework is OFFICIAL-SENSITIVE).
"""

from django.urls import reverse

from dhrqa.dates import govuk_date
from dhrqa.enums import Role
from dhrqa.models import User
from dhrqa.notifications import notify


def _addresses(users):
    return list(users.filter(is_active=True).order_by("email").values_list("email", flat=True))


def csp_addresses(csp):
    return _addresses(User.objects.filter(role=Role.CSP_OFFICER, csp=csp))


def secretariat_addresses():
    return _addresses(User.objects.filter(role=Role.SECRETARIAT))


def _context(submission, **extra):
    review = submission.review
    return {
        "reference": review.reference,
        "csp_name": review.csp.name,
        "version": submission.number,
        "path": reverse("submissions:review_detail", kwargs={"reference": review.reference}),
        **extra,
    }


def submission_received(submission):
    notify(template="submission_received_csp", to=csp_addresses(submission.review.csp),
           context=_context(submission))
    notify(template="submission_received_secretariat", to=secretariat_addresses(),
           context=_context(submission))


def submission_returned(submission, reasons):
    notify(template="submission_returned", to=csp_addresses(submission.review.csp),
           context=_context(submission, reasons=list(reasons)))


def submission_accepted(submission):
    notify(template="submission_accepted", to=csp_addresses(submission.review.csp), context=_context(submission))


def submission_scheduled(submission, meeting_date):
    notify(template="submission_scheduled", to=csp_addresses(submission.review.csp),
           context=_context(submission, meeting_date=govuk_date(meeting_date)))
