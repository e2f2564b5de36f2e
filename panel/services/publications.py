"""The CSP records where and when it published a report the Panel approved."""

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.dates import govuk_date
from dhrqa.enums import AuditAction
from panel.enums import LetterStatus, VerdictStatus
from panel.models import Publication, Verdict
from panel.refusals import NotApprovedForPublication, PublicationDateRefused
from submissions.enums import CaseKind
from submissions.models import Review


def approval_letter_date(review):
    """The date the letter approving `review` for publication was issued, or None. One query.

    Approved: its latest confirmed verdict asks for no new version (publish, adequate),
    and a letter of that verdict has been issued (a correction keeps the first date).
    """
    if review.kind != CaseKind.REVIEW:
        return None
    latest = (
        Verdict.objects.filter(agenda_item__submission__review=review, status=VerdictStatus.CONFIRMED)
        .annotate(first_issued=Min("letters__issued_at", filter=~Q(letters__status=LetterStatus.DRAFT)))
        .order_by("-agenda_item__meeting__date", "-id")
        .values("outcome__needs_new_version", "first_issued").first()
    )
    if latest is None or latest["outcome__needs_new_version"] or latest["first_issued"] is None:
        return None
    return timezone.localdate(latest["first_issued"])


def record_publication(*, review, url, published_on, recorded_by):
    """Record (or correct) where and when the CSP published `review`'s report.

    1. Refuse unless the letter approving it has been issued
       (NotApprovedForPublication).
    2. Refuse a date in the future or before that letter was issued
       (PublicationDateRefused).
    3. Lock the review, so that two first recordings at once take turns (the
       publication row to lock does not exist yet); save the publication,
       replacing one recorded before.
    4. Record PUBLICATION_RECORDED with the address and date, and what they
       replaced.
    """
    letter_date = approval_letter_date(review)
    if letter_date is None:
        raise NotApprovedForPublication(
            "You can record publication once the Panel's letter approving the report has been issued")
    if published_on > clock.today():
        raise PublicationDateRefused("Date published must be today or in the past")
    if published_on < letter_date:
        raise PublicationDateRefused(
            f"Date published must be on or after the date the letter was issued, {govuk_date(letter_date)}")
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).values_list("pk").get()
        previous = Publication.objects.filter(review=review).first()
        replaced = {"url": previous.url, "published_on": previous.published_on.isoformat()} if previous else None
        publication, _ = Publication.objects.update_or_create(
            review=review,
            defaults={"url": url, "published_on": published_on, "recorded_by": recorded_by,
                      "recorded_at": clock.now()},
        )
        record(recorded_by, AuditAction.PUBLICATION_RECORDED, publication, review=review,
               url=url, published_on=published_on.isoformat(), replaced=replaced)
    return publication
