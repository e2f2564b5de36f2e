"""Registering a review and keeping its particulars up to date."""

from django.db import transaction

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.models import CommunitySafetyPartnership
from dhrqa import clock
from dhrqa.transitions import IllegalTransition
from submissions.enums import SubmissionStatus
from submissions.models import Review, ReviewPerson, Submission
from submissions.references import format_reference

# The fields of a review that the officer types; `people` are separate.
DETAIL_FIELDS = (
    "review_type", "death_type", "relationship", "police_force_area", "date_of_death", "date_csp_notified",
    "date_decided", "date_home_office_notified", "independent_chair_name", "author_name", "decision_reasons",
)
PERSON_FIELDS = ("role", "pseudonym", "age_band", "sex", "ethnicity")


def register_review(*, officer, kind, details, people):
    """Register a new review (or decision not to review) for the officer's CSP, with its first draft.

    `details` maps DETAIL_FIELDS to values; `people` is a list of dicts
    with PERSON_FIELDS, victims and perpetrators in the order typed.

    1. Lock the CSP row so two officers cannot take the same reference.
    2. Number the review for the CSP and year, and format its reference.
    3. Save the review, its people and a draft version 1.
    4. Write the audit events.
    """
    with transaction.atomic():
        csp = CommunitySafetyPartnership.objects.select_for_update().get(pk=officer.csp_id)
        year = clock.today().year
        last = (
            Review.objects.filter(csp=csp, reference_year=year)
            .order_by("-reference_number").values_list("reference_number", flat=True).first()
        )
        number = (last or 0) + 1
        review = Review.objects.create(
            reference=format_reference(csp_code=csp.code, year=year, number=number),
            reference_year=year, reference_number=number, kind=kind, csp=csp,
            registered_by=officer, **_only_details(details),
        )
        _save_people(review, people)
        submission = Submission.objects.create(review=review, number=1, created_by=officer)
        record(officer, AuditAction.REVIEW_REGISTERED, review, review=review, csp=csp.name, kind=kind)
        record(officer, AuditAction.SUBMISSION_STARTED, submission, review=review, version=1)
    return review


def update_review(*, review, changed_by, details, people):
    """Change a review's particulars while its CSP is preparing a version.

    1. Lock the review; refuse unless its newest version is a draft (what
       the Panel has been sent is never changed under it).
    2. Save the changed fields and replace the people.
    3. Write one audit event naming the fields that changed.
    """
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if not review.submissions.filter(status=SubmissionStatus.DRAFT).exists():
            raise IllegalTransition("The review's details can be changed only while a version is being prepared")
        details = _only_details(details)
        changed = sorted(name for name, value in details.items() if getattr(review, name) != value)
        for name, value in details.items():
            setattr(review, name, value)
        review.save(update_fields=list(details) or None)
        old_people = [_person_dict(person) for person in review.people.order_by("role", "position")]
        people_changed = old_people != _in_saved_order(people)
        if people_changed:
            review.people.all().delete()
            _save_people(review, people)
            changed.append("people")
        if changed:
            record(changed_by, AuditAction.REVIEW_CHANGED, review, review=review, fields=changed)
    return review


def _only_details(details):
    return {name: details[name] for name in DETAIL_FIELDS if name in details}


def _normal_person(person):
    return {name: person.get(name, "") or "" for name in PERSON_FIELDS}


def _in_saved_order(people):
    # Compared role by role, each role in the order typed: which role was typed first does not count.
    return sorted((_normal_person(person) for person in people), key=lambda person: person["role"])


def _person_dict(person):
    return {name: getattr(person, name) for name in PERSON_FIELDS}


def _save_people(review, people):
    positions = {}
    rows = []
    for person in people:
        person = _normal_person(person)
        positions[person["role"]] = positions.get(person["role"], 0) + 1
        rows.append(ReviewPerson(review=review, position=positions[person["role"]], **person))
    ReviewPerson.objects.bulk_create(rows)
