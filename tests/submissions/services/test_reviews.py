"""register_review and update_review: references, people in order, and the audit trail."""

import datetime

import pytest

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from submissions.enums import CaseKind, PersonRole, SubmissionStatus
from submissions.models import Review, ReviewPerson
from submissions.services.reviews import update_review
from submissions.services.versions import submit_submission
from tests.factories import CSPFactory, UserFactory
from tests.submissions.journey import DETAILS, PEOPLE, complete, draft_of, history, register

pytestmark = pytest.mark.django_db

MAY_2026 = datetime.date(2026, 5, 1)


@pytest.fixture
def kent_officer():
    return UserFactory(csp_officer=True, csp=CSPFactory(code="kent", name="Kent Community Safety Partnership"))


def people_of(review):
    return list(review.people.order_by("role", "position").values_list("role", "position", "pseudonym"))


# register_review


def test_register_review_first_of_the_year_takes_number_one(kent_officer):
    with clock.at(MAY_2026):
        review = register(kent_officer)

    assert (review.reference, review.reference_year, review.reference_number) == ("KENT-2026-01", 2026, 1)
    assert list(review.submissions.values_list("number", "status", "created_by")) == [
        (1, SubmissionStatus.DRAFT, kent_officer.pk)]


def test_register_review_configured_format_gives_reference(kent_officer, settings):
    settings.DHRQA_REFERENCE_FORMAT = "DHR-{year}-{csp}-{number:04d}"

    with clock.at(MAY_2026):
        review = register(kent_officer)

    assert review.reference == "DHR-2026-KENT-0001"


def test_register_review_numbers_each_csp_and_year_from_one(kent_officer):
    medway_officer = UserFactory(csp_officer=True, csp=CSPFactory(code="medway"))

    with clock.at(MAY_2026):
        first, second = register(kent_officer), register(kent_officer)
        medway = register(medway_officer)
    with clock.at(datetime.date(2027, 1, 4)):
        next_year = register(kent_officer)

    assert [review.reference for review in (first, second, medway, next_year)] == [
        "KENT-2026-01", "KENT-2026-02", "MEDWAY-2026-01", "KENT-2027-01"]


def test_register_review_csp_code_with_underscore_gives_reference_with_hyphen():
    officer = UserFactory(csp_officer=True, csp=CSPFactory(code="north_kent"))

    with clock.at(MAY_2026):
        review = register(officer)

    assert review.reference == "NORTH-KENT-2026-01"


def test_register_review_saves_people_in_the_order_typed(kent_officer):
    people = [
        {"role": PersonRole.VICTIM, "pseudonym": "Louise"},
        {"role": PersonRole.PERPETRATOR, "pseudonym": "Neil"},
        {"role": PersonRole.VICTIM, "pseudonym": "Amy"},
        {"role": PersonRole.PERPETRATOR, "pseudonym": "Mark"},
    ]

    review = register(kent_officer, people=people)

    assert people_of(review) == [
        ("perpetrator", 1, "Neil"), ("perpetrator", 2, "Mark"), ("victim", 1, "Louise"), ("victim", 2, "Amy")]
    assert (review.victim_pseudonym, review.perpetrator_pseudonym) == ("Louise and Amy", "Neil and Mark")


def test_register_review_saves_each_persons_particulars(kent_officer):
    review = register(kent_officer)

    assert list(review.people.order_by("role").values_list("pseudonym", "age_band", "sex", "ethnicity")) == [
        ("Neil", "", "male", ""), ("Louise", "35_44", "female", "white")]


def test_register_review_writes_registered_and_started_events(kent_officer):
    review = register(kent_officer, kind=CaseKind.DECISION_NOT_TO_REVIEW)

    assert history(review) == [
        (kent_officer, AuditAction.REVIEW_REGISTERED,
         {"csp": "Kent Community Safety Partnership", "kind": "not_to_review"}),
        (kent_officer, AuditAction.SUBMISSION_STARTED, {"version": 1}),
    ]


# update_review


def test_update_review_saves_fields_and_records_which_changed(kent_officer):
    review = register(kent_officer)

    update_review(review=review, changed_by=kent_officer, people=PEOPLE,
                  details={**DETAILS, "date_of_death": datetime.date(2024, 3, 26), "author_name": "Sam Author"})

    review.refresh_from_db()
    assert (review.date_of_death, review.author_name) == (datetime.date(2024, 3, 26), "Sam Author")
    assert history(review)[2:] == [
        (kent_officer, AuditAction.REVIEW_CHANGED, {"fields": ["author_name", "date_of_death"], "version": 1})]


def test_update_review_same_details_and_people_records_nothing(kent_officer):
    review = register(kent_officer)
    people_before = list(review.people.values_list("pk", flat=True))

    update_review(review=review, changed_by=kent_officer, details=DETAILS, people=PEOPLE)

    assert list(review.people.values_list("pk", flat=True)) == people_before
    assert len(history(review)) == 2


def test_update_review_changed_people_replaced_in_order(kent_officer):
    review = register(kent_officer)
    people = [{"role": PersonRole.VICTIM, "pseudonym": "Sarah"}, {"role": PersonRole.VICTIM, "pseudonym": "Amy"},
              {"role": PersonRole.PERPETRATOR, "pseudonym": "Andrew"}]

    update_review(review=review, changed_by=kent_officer, details=DETAILS, people=people)

    assert people_of(review) == [("perpetrator", 1, "Andrew"), ("victim", 1, "Sarah"), ("victim", 2, "Amy")]
    assert history(review)[2:] == [(kent_officer, AuditAction.REVIEW_CHANGED, {"fields": ["people"], "version": 1})]


def test_update_review_once_sent_refused_and_nothing_changes(kent_officer):
    review = register(kent_officer)
    submit_submission(submission=complete(draft_of(review), kent_officer), submitted_by=kent_officer)
    events = len(history(review))

    with pytest.raises(IllegalTransition) as refused:
        update_review(review=review, changed_by=kent_officer, people=[],
                      details={**DETAILS, "independent_chair_name": "Someone Else"})

    assert str(refused.value) == "The review's details can be changed only while a version is being prepared"
    assert Review.objects.get(pk=review.pk).independent_chair_name == "Robin Chair"
    assert ReviewPerson.objects.filter(review=review).count() == 2
    assert len(history(review)) == events
