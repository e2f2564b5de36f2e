"""Demo data: a user for every role, the Kent review of the 2014 Panel letter, and a review awaiting intake.

Every step goes through the same services as the application, at the
date it happened (`dhrqa.clock.at`), so the pages, the audit trail and the
letter are exactly what the people involved would have produced then.
"""

import datetime

import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from dhrqa import clock
from dhrqa.enums import Role
from dhrqa.models import CommunitySafetyPartnership, User
from panel.demo.kent_letter import COMMENDATION, ISSUES, NATIONAL_RESPONSES, RECOMMENDATIONS
from panel.services.agenda import schedule_on_agenda
from panel.services.letters import draft_letter, issue_letter, send_for_signing, sign_letter
from panel.services.rendering import render_letter
from panel.services.meetings import close_meeting, create_meeting, hold_meeting, release_papers
from panel.services.verdicts import ResponseDraft, confirm_verdict, record_verdict
from submissions.enums import REQUIRED_DOCUMENT_KINDS, CaseKind, DeathType, PersonRole, PoliceForceArea
from submissions.enums import Relationship, ReviewType, Sex
from submissions.inspection import inspect_upload
from submissions.models import Review
from submissions.services.documents import add_document
from submissions.services.intake import accept_submission
from submissions.services.recommendations import replace_recommendations
from submissions.services.reviews import register_review
from submissions.services.versions import make_declaration, submit_submission

DEMO_PASSWORD = "demo-password-2014"
REFERENCE = "KENT-2014-01"
MEDWAY_REFERENCE = "MEDWAY-2026-01"

CSPS = {
    "kent": dict(
        name="Kent Community Safety Partnership", area_name="Kent",
        contact_name="Councillor Michael Hill OBE", contact_title="", contact_organisation="Kent County Council",
        contact_address="Room G.60\nSessions House\nCounty Hall\nMaidstone\nME14 1XQ",
        contact_salutation="Mr Hill",
    ),
    "medway": dict(
        name="Medway Community Safety Partnership", area_name="Medway",
        contact_name="Alex Morgan", contact_title="Community Safety Manager", contact_organisation="Medway Council",
        contact_address="Gun Wharf\nDock Road\nChatham\nME4 4TR", contact_salutation="Alex Morgan",
    ),
}

PEOPLE = [
    ("csp@kent.example", "Jo Kent", Role.CSP_OFFICER, "kent", ""),
    ("csp@medway.example", "Sam Medway", Role.CSP_OFFICER, "medway", ""),
    ("secretariat@homeoffice.example", "Priya Secretariat", Role.SECRETARIAT, None, ""),
    ("panel@homeoffice.example", "Morgan Reader", Role.PANEL_MEMBER, None, ""),
    ("chair@homeoffice.example", "Christian Papaleontiou", Role.CHAIR, None,
     "Acting Chair of the Home Office Quality Assurance Panel\n"
     "Head of the Interpersonal Violence Team, Violent Crime Unit"),
]


def _at(year, month, day, hour=10, minute=0):
    return clock.at(timezone.make_aware(datetime.datetime(year, month, day, hour, minute)))


def load_people():
    """Create the demo CSPs and one user per role; leave existing ones alone."""
    csps = {
        code: CommunitySafetyPartnership.objects.get_or_create(code=code, defaults=fields)[0]
        for code, fields in CSPS.items()
    }
    people = {}
    for email, name, role, csp_code, titles in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, role=role,
                csp=csps[csp_code] if csp_code else None, letter_titles=titles,
            )
        people[email] = user
    return people


def load_kent_scenario(people):
    """The Kent review from registration in January 2014 to the letter issued on 6 February 2014.

    Returns False if it exists already. The chair's signature needs the
    signing key (`manage.py create_signing_certificate`).
    """
    if Review.objects.filter(reference=REFERENCE).exists():
        return False
    officer = people["csp@kent.example"]
    secretariat = people["secretariat@homeoffice.example"]
    chair = people["chair@homeoffice.example"]
    with transaction.atomic():
        with _at(2014, 1, 2):
            review = register_review(
                officer=officer, kind=CaseKind.REVIEW,
                details=dict(
                    review_type=ReviewType.DHR, death_type=DeathType.HOMICIDE,
                    relationship=Relationship.INTIMATE_PARTNER, police_force_area=PoliceForceArea.KENT,
                    date_of_death=datetime.date(2012, 6, 14), date_csp_notified=datetime.date(2012, 6, 21),
                    date_decided=datetime.date(2012, 7, 12), date_home_office_notified=datetime.date(2012, 7, 16),
                    independent_chair_name="Independent chair (demo)", author_name="",
                ),
                people=[
                    dict(role=PersonRole.VICTIM, pseudonym="Elizabeth", sex=Sex.FEMALE),
                    dict(role=PersonRole.PERPETRATOR, pseudonym="Christopher", sex=Sex.MALE),
                ],
            )
            draft = review.submissions.get()
            _add_demo_documents(draft, officer, REFERENCE)
            replace_recommendations(submission=draft, rows=RECOMMENDATIONS, changed_by=officer)
        with _at(2014, 1, 6, 9, 30):
            make_declaration(submission=draft, declared_by=officer)
            submission = submit_submission(submission=draft, submitted_by=officer)
        with _at(2014, 1, 8, 11):
            accept_submission(submission=submission, accepted_by=secretariat,
                              ticked=["required_documents", "action_plan", "pseudonyms", "declaration"])
        with _at(2014, 1, 9, 14):
            meeting = create_meeting(date=datetime.date(2014, 1, 22), chair=chair, created_by=secretariat)
            item = schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=secretariat)
        with _at(2014, 1, 15, 9):
            release_papers(meeting=meeting, released_by=secretariat)
        with _at(2014, 1, 22, 14):
            hold_meeting(meeting=meeting, attended=[], recorded_by=chair)
        with _at(2014, 1, 22, 15):
            verdict = record_verdict(
                agenda_item=item, recorded_by=chair, outcome="adequate",
                commendation=COMMENDATION, issues=ISSUES, national_responses=national_responses(submission),
            )
            confirm_verdict(verdict=verdict, confirmed_by=chair)
        with _at(2014, 1, 22, 16, 30):
            close_meeting(meeting=meeting, closed_by=secretariat)
        with _at(2014, 2, 3, 10):
            letter = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=datetime.date(2014, 2, 6))
    # Rendered here as well as queued, so the demo needs no worker to show it.
    with _at(2014, 2, 3, 10, 1):
        render_letter(letter.pk)
    with _at(2014, 2, 4, 15):
        send_for_signing(letter=letter, sent_by=secretariat)
    with _at(2014, 2, 6, 9, 45):
        letter = sign_letter(letter=letter, signed_by=chair)
    with _at(2014, 2, 6, 11):
        issue_letter(letter=letter, issued_by=secretariat)
    return True


def national_responses(submission):
    """The letter's answers to the national recommendations, each tied to the action plan's rows it answers."""
    rows = {rec.number: rec for rec in submission.recommendations.all()}
    return [
        ResponseDraft(recommendation_ids=tuple(rows[str(number)].pk for number in numbers),
                      routed_to=rows[str(numbers[0])].national_body, text=text)
        for numbers, text in NATIONAL_RESPONSES
    ]


def load_medway_received(people):
    """A Medway review sent in November 2026, waiting for the secretariat's intake check."""
    if Review.objects.filter(reference=MEDWAY_REFERENCE).exists():
        return False
    officer = people["csp@medway.example"]
    with transaction.atomic(), _at(2026, 11, 16, 10):
        review = register_review(
            officer=officer, kind=CaseKind.REVIEW,
            details=dict(
                review_type=ReviewType.DARDR, death_type=DeathType.SUICIDE,
                relationship=Relationship.INTIMATE_PARTNER, police_force_area=PoliceForceArea.KENT,
                date_of_death=datetime.date(2025, 2, 3), date_csp_notified=datetime.date(2025, 2, 17),
                date_decided=datetime.date(2025, 3, 10), date_home_office_notified=datetime.date(2025, 3, 12),
                independent_chair_name="Robin Ashdown", author_name="Kim Fairweather",
            ),
            people=[
                dict(role=PersonRole.VICTIM, pseudonym="Amira", sex=Sex.FEMALE),
                dict(role=PersonRole.PERPETRATOR, pseudonym="Daniel", sex=Sex.MALE),
            ],
        )
        draft = review.submissions.get()
        _add_demo_documents(draft, officer, MEDWAY_REFERENCE)
        replace_recommendations(submission=draft, rows=RECOMMENDATIONS[:3], changed_by=officer)
        make_declaration(submission=draft, declared_by=officer)
        submit_submission(submission=draft, submitted_by=officer)
    return True


def _add_demo_documents(draft, officer, reference):
    for kind in REQUIRED_DOCUMENT_KINDS[CaseKind.REVIEW]:
        title = kind.label
        pdf = weasyprint.HTML(string=f"<h1>{title}</h1><p>Demo document for {reference}.</p>").write_pdf()
        uploaded = SimpleUploadedFile(f"{kind.value.replace('_', '-')}.pdf", pdf, content_type="application/pdf")
        inspected = inspect_upload(uploaded, kind=kind)
        add_document(submission=draft, kind=kind, uploaded=uploaded, inspected=inspected,
                     name=uploaded.name, added_by=officer)
