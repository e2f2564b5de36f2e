"""The reviews, submissions and documents a user may see, with what their pages need."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from dhrqa.permissions import scoped_to_user
from submissions.enums import SENT_STATUSES, SubmissionStatus
from submissions.models import Document, IssueResponse, RaisedIssue, Review, ReviewPerson, Submission


def reviews_for_user(user):
    """A CSP officer sees their CSP's reviews; the secretariat sees reviews once something is sent."""
    reviews = scoped_to_user(Review.objects.select_related("csp"), user, csp_lookup="csp_id")
    if user.works_for_home_office:
        reviews = reviews.filter(submissions__status__in=SENT_STATUSES).distinct()
    return reviews


def submissions_for_user(user):
    """Versions a user may see: the secretariat never sees a CSP's drafts."""
    submissions = scoped_to_user(Submission.objects.select_related("review__csp"), user,
                                 csp_lookup="review__csp_id")
    if user.works_for_home_office:
        submissions = submissions.exclude(status=SubmissionStatus.DRAFT)
    return submissions


def review_list_for_user(user):
    # The versions this user may see: the Home Office's list never shows a CSP's draft.
    latest_first = submissions_for_user(user).select_related(None).order_by("-number")
    return reviews_for_user(user).prefetch_related("people", Prefetch("submissions", queryset=latest_first))


def review_detail_for_user(user):
    """A review with its people (victims first, as ReviewPerson orders them) and every version the user may
    see, newest first. Each version's contents are on its own page."""
    versions = submissions_for_user(user).select_related(None).order_by("-number")
    # Its publication, which the panel app records (panel.models.Publication), by the relation's name.
    return (reviews_for_user(user).select_related("publication")
            .prefetch_related("people", Prefetch("submissions", queryset=versions)))


def submission_list_for_user(user):
    """Sent versions a user may see, never drafts. The list reads them as values (submission_table.ROW_FIELDS)."""
    # NOT status = 'draft' is one comparison a row: an IN list of the sent statuses costs five times more.
    sent = Submission.objects.exclude(status=SubmissionStatus.DRAFT)
    return scoped_to_user(sent, user, csp_lookup="review__csp_id")


def pseudonyms_by_review(review_ids):
    """{review id: {role: [pseudonym, ...]}} for the given reviews, in one query, in the order they were entered."""
    people = ReviewPerson.objects.filter(review_id__in=review_ids).order_by("review_id", "role", "position")
    found = {}
    for review_id, role, pseudonym in people.values_list("review_id", "role", "pseudonym"):
        found.setdefault(review_id, {}).setdefault(role, []).append(pseudonym)
    return found


def documents_for_user(user):
    documents = Document.objects.select_related("submission__review__csp", "stored_file")
    documents = scoped_to_user(documents, user, csp_lookup="submission__review__csp_id")
    if user.works_for_home_office:
        documents = documents.exclude(submission__status=SubmissionStatus.DRAFT)
    return documents


def submissions_awaiting_meeting(search=""):
    """Accepted versions, oldest received first: what the secretariat can put on an agenda.

    A version leaves "accepted" when it is scheduled, and never comes back,
    so none of these is on an agenda. `search` keeps those whose reference,
    CSP name or a pseudonym contains it, ignoring case. The Panel's page
    reads its rows as values, so nothing is joined here.
    """
    waiting = Submission.objects.filter(status=SubmissionStatus.ACCEPTED)
    if search:
        people = ReviewPerson.objects.filter(review=OuterRef("review"), pseudonym__icontains=search)
        waiting = waiting.filter(
            Q(review__reference__icontains=search) | Q(review__csp__name__icontains=search) | Exists(people))
    return waiting.order_by("submitted_at", "id")


def previous_version(submission):
    """The version this one follows on from: the newest earlier one that was not withdrawn.

    A withdrawn version was never considered, so the issues raised before
    it are still to be answered, and its documents are not what the Home
    Office last read.
    """
    return (
        Submission.objects.filter(review_id=submission.review_id, number__lt=submission.number)
        .exclude(status=SubmissionStatus.WITHDRAWN).order_by("-number").first()
    )


def issues_and_answers(submission):
    """The version before `submission` and [(issue raised about it, this version's answer or None)], in order.

    Two queries, or none for a first version.
    """
    previous = previous_version(submission) if submission.number > 1 else None
    if previous is None:
        return None, []
    issues = list(RaisedIssue.objects.filter(submission=previous).order_by("source", "position"))
    answers = {answer.issue_id: answer for answer in IssueResponse.objects.filter(submission=submission)}
    return previous, [(issue, answers.get(issue.pk)) for issue in issues]


def prescreen_findings(submission):
    """A version's pre-screen findings in the order found, with who considered each."""
    from submissions.models import PrescreenFinding

    return PrescreenFinding.objects.filter(submission=submission).select_related("considered_by").order_by("position")
