"""10,000 sent versions for bench/lists.py, written with bulk_create in a few seconds.

Spread as real work is: 40 CSPs, every sent status, a decision not to
review in ten, two people to a review, received over three years.
"""

import datetime
import itertools

CSPS = 40
PSEUDONYMS = ("Louise", "Sarah", "Amy", "Neil", "Andrew", "Tom", "Jade", "Ravi", "Ola", "Mei")
BATCH = 2000


def fill(submission_count):
    """Create the CSPs, officers, reviews, people and sent versions; return the secretariat user."""
    from django.utils import timezone

    from dhrqa.enums import Role
    from dhrqa.models import CommunitySafetyPartnership, User
    from submissions.enums import (
        SENT_STATUSES, CaseKind, DeathType, PersonRole, PoliceForceArea, Relationship, ReviewType,
    )
    from submissions.models import Review, ReviewPerson, Submission

    csps = CommunitySafetyPartnership.objects.bulk_create([
        CommunitySafetyPartnership(
            name=f"Area {number:02d} Community Safety Partnership", code=f"area{number:02d}",
            area_name=f"Area {number:02d}", contact_name="Dana Contact", contact_address="1 High Street\nTown",
            contact_salutation="Dana Contact",
        )
        for number in range(1, CSPS + 1)
    ])
    officers = User.objects.bulk_create([
        User(email=f"officer@{csp.code}.example", full_name=f"Officer of {csp.area_name}", role=Role.CSP_OFFICER,
             csp=csp, password="!")
        for csp in csps
    ])
    secretariat = User.objects.create(email="secretariat@homeoffice.example", full_name="Sasha Secretariat",
                                      role=Role.SECRETARIAT, password="!")

    start = timezone.make_aware(datetime.datetime(2023, 1, 2, 9))
    forces, review_types = list(PoliceForceArea), list(ReviewType)
    reviews = []
    for number in range(submission_count):
        csp_index = number % CSPS
        kind = CaseKind.DECISION_NOT_TO_REVIEW if number % 10 == 9 else CaseKind.REVIEW
        death = datetime.date(2021, 1, 1) + datetime.timedelta(days=number % 700)
        sequence = number // CSPS + 1
        reviews.append(Review(
            reference=f"AREA{csp_index + 1:02d}-2026-{sequence:03d}", reference_year=2026, reference_number=sequence,
            kind=kind, csp=csps[csp_index], review_type="" if kind != CaseKind.REVIEW else review_types[number % 4],
            death_type=DeathType.HOMICIDE, relationship=Relationship.INTIMATE_PARTNER,
            police_force_area=forces[number % len(forces)], date_of_death=death,
            date_csp_notified=death + datetime.timedelta(days=7), date_decided=death + datetime.timedelta(days=30),
            registered_by=officers[csp_index], registered_at=start,
        ))
    reviews = Review.objects.bulk_create(reviews, batch_size=BATCH)

    people = itertools.chain.from_iterable(
        (ReviewPerson(review=review, role=PersonRole.VICTIM, position=1, pseudonym=PSEUDONYMS[index % 10]),
         ReviewPerson(review=review, role=PersonRole.PERPETRATOR, position=1, pseudonym=PSEUDONYMS[(index + 3) % 10]))
        for index, review in enumerate(reviews)
    )
    ReviewPerson.objects.bulk_create(people, batch_size=BATCH)

    three_years = datetime.timedelta(days=3 * 365)
    submissions = []
    for index, review in enumerate(reviews):
        when = start + three_years * index / len(reviews)
        officer = review.registered_by
        submissions.append(Submission(
            review=review, number=1, status=SENT_STATUSES[index % len(SENT_STATUSES)], status_changed_at=when,
            created_by=officer, created_at=when, declaration_by=officer, declaration_at=when,
            submitted_by=officer, submitted_at=when,
        ))
    Submission.objects.bulk_create(submissions, batch_size=BATCH)
    return secretariat
