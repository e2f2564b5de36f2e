"""Demo data: a QA Panel meeting of 1 December 2026, in meeting mode, with the readers' views to weigh.

Two CSPs' reviews are on its agenda. Each has two readers: one has submitted
an assessment, the other has only saved a draft. A third member has declared
a conflict with the Medway review, so the record shows the recusal. The
meeting is being held: its chair opens meeting mode and records the verdicts.
Every step goes through the services at the date it happened.
"""

import datetime

from django.db import transaction

from dhrqa.enums import Role
from dhrqa.models import User
from panel.demo.kent_2014 import DEMO_PASSWORD, _add_demo_documents, _at
from panel.enums import ConflictKind
from panel.models import Meeting
from panel.outcomes import criteria_for
from panel.services.agenda import schedule_on_agenda
from panel.services.assessments import Judgement, Suggestion, save_assessment
from panel.services.meetings import create_meeting, hold_meeting, release_papers
from panel.services.readers import assign_reader, declare_conflict
from submissions.enums import CaseKind, DeathType, PersonRole, PoliceForceArea, Relationship, ReviewType, Sex
from submissions.enums import NationalBody, RecommendationScope
from submissions.services.intake import accept_submission
from submissions.services.recommendations import replace_recommendations
from submissions.services.reviews import register_review
from submissions.services.versions import make_declaration, submit_submission

MEETING_DATE = datetime.date(2026, 12, 1)
MEMBERS = [
    ("panel@homeoffice.example", "Morgan Reader"),
    ("reader@homeoffice.example", "Sam Okafor"),
    ("member@homeoffice.example", "Rowan Patel"),
]
EVERY_CHECK = ["required_documents", "action_plan", "pseudonyms", "declaration"]


def _recommendation(number, text, scope, body="", lead=""):
    return dict(number=str(number), text=text, scope=scope, national_body=body, national_body_other="",
                lead_agency=lead, action="", target_date=datetime.date(2027, 6, 30) if lead else None)


LOCAL, NATIONAL = RecommendationScope.LOCAL, RecommendationScope.NATIONAL
REVIEWS = {
    "kent": dict(
        registered=(2026, 9, 7), sent=(2026, 9, 28), accepted=(2026, 10, 6),
        details=dict(
            review_type=ReviewType.DHR, death_type=DeathType.HOMICIDE, relationship=Relationship.INTIMATE_PARTNER,
            police_force_area=PoliceForceArea.KENT, date_of_death=datetime.date(2024, 11, 2),
            date_csp_notified=datetime.date(2024, 11, 12), date_decided=datetime.date(2024, 12, 3),
            date_home_office_notified=datetime.date(2024, 12, 5), independent_chair_name="Hannah Leigh",
            author_name="",
        ),
        people=[dict(role=PersonRole.VICTIM, pseudonym="Louise", sex=Sex.FEMALE),
                dict(role=PersonRole.PERPETRATOR, pseudonym="Neil", sex=Sex.MALE)],
        recommendations=[
            _recommendation(1, "Agencies should record coercive and controlling behaviour when it is disclosed.",
                            LOCAL, lead="Kent Community Safety Partnership"),
            _recommendation(2, "GP practices should ask about domestic abuse when a patient presents with anxiety.",
                            LOCAL, lead="Kent and Medway Integrated Care Board"),
            _recommendation(3, "The Department of Health and Social Care should issue guidance on routine enquiry "
                               "about domestic abuse in primary care.", NATIONAL, NationalBody.DHSC),
            _recommendation(4, "The Home Office should consider how non-fatal strangulation is recorded across "
                               "police forces.", NATIONAL, NationalBody.HOME_OFFICE),
        ],
    ),
    "medway": dict(
        registered=(2026, 9, 14), sent=(2026, 10, 5), accepted=(2026, 10, 12),
        details=dict(
            review_type=ReviewType.DHR, death_type=DeathType.HOMICIDE, relationship=Relationship.FAMILIAL,
            police_force_area=PoliceForceArea.KENT, date_of_death=datetime.date(2024, 8, 19),
            date_csp_notified=datetime.date(2024, 8, 27), date_decided=datetime.date(2024, 9, 24),
            date_home_office_notified=datetime.date(2024, 9, 26), independent_chair_name="Tom Adeyemi",
            author_name="Kim Fairweather",
        ),
        people=[dict(role=PersonRole.VICTIM, pseudonym="Margaret", sex=Sex.FEMALE),
                dict(role=PersonRole.PERPETRATOR, pseudonym="Paul", sex=Sex.MALE)],
        recommendations=[
            _recommendation(1, "Adult social care should assess carers' needs where an adult child cares for a "
                               "parent.", LOCAL, lead="Medway Council"),
            _recommendation(2, "Agencies should share information about a carer's substance misuse.", LOCAL,
                            lead="Medway Community Safety Partnership"),
            _recommendation(3, "The Home Office should include adult family violence in its statutory guidance "
                               "examples.", NATIONAL, NationalBody.HOME_OFFICE),
        ],
    ),
}

# (reader's email, submitted?, recommended outcome, strengths, suggested issues, {criterion judged
# inadequate: why}); every other criterion is judged adequate.
ASSESSMENTS = {
    "kent": [
        ("panel@homeoffice.example", True, "publish_after_changes",
         "A clear account of Louise's life, written with her family; good use of research on non-fatal "
         "strangulation.",
         [("Bring the terms of reference forward, and say that coercive control was within scope.",
           "Overview Report 1.4"),
          ("Paragraph 5.12 could read as blaming Louise for not leaving: reword it to keep the focus on Neil's "
           "behaviour.", "Executive Summary 5.12")],
         {"Scope and terms of reference": "The terms of reference sit in an appendix and do not mention "
                                          "coercive control."}),
        ("reader@homeoffice.example", False, "publish_after_changes",
         "The chronology is thorough.",
         [("Define coercive control where it is first mentioned.", "Overview Report 3.2")],
         {}),
    ],
    "medway": [
        ("reader@homeoffice.example", True, "resubmit",
         "The review heard from Margaret's sister.",
         [("The equality and diversity section does not consider Margaret's age or disability.",
           "Overview Report 6"),
          ("Merge the single-agency and multi-agency recommendations into one action plan.", "")],
         {"Equality and diversity": "Margaret's age and her disability are not considered.",
          "Recommendations and their link to the action plan": "Two action plans, and recommendations 4 to 6 "
                                                               "appear in neither."}),
        ("panel@homeoffice.example", False, "publish_after_changes",
         "",
         [("Consider the effect of caring on the relationship.", "")],
         {"Equality and diversity": "Thin."}),
    ],
}


def load_current_meeting(people):
    """The 1 December 2026 meeting, held, with two reviews and their readers. Returns False if it exists."""
    if Meeting.objects.filter(date=MEETING_DATE).exists():
        return False
    members = _members()
    chair = people["chair@homeoffice.example"]
    secretariat = people["secretariat@homeoffice.example"]
    with transaction.atomic():
        submissions = {code: _sent_and_accepted(code, people) for code in REVIEWS}
        with _at(2026, 10, 20, 15):
            meeting = create_meeting(
                date=MEETING_DATE, start_time=datetime.time(10, 30), location="2 Marsham Street, London",
                video_link="https://meet.example.gov.uk/qa-panel-december", capacity=8, chair=chair,
                members=list(members.values()), created_by=secretariat,
            )
            items = {code: schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=secretariat)
                     for code, submission in submissions.items()}
        with _at(2026, 10, 21, 11):
            for code, readings in ASSESSMENTS.items():
                for email, *_ in readings:
                    assign_reader(item=items[code], reader=members[email], assigned_by=secretariat)
        with _at(2026, 10, 22, 9):
            declare_conflict(review=submissions["medway"].review, member=members["member@homeoffice.example"],
                             kind=ConflictKind.PROFESSIONAL,
                             reason="I worked for Medway Council's adult social care team until 2025.")
        with _at(2026, 11, 3, 9):
            release_papers(meeting=meeting, released_by=secretariat)
        for day, (code, readings) in enumerate(ASSESSMENTS.items(), start=20):
            for email, submitted, outcome, strengths, suggestions, judged in readings:
                with _at(2026, 11, day if submitted else day + 5, 16):
                    _assess(items[code], members[email], submitted, outcome, strengths, suggestions, judged)
        with _at(2026, 12, 1, 10, 25):
            hold_meeting(meeting=meeting, attended=list(members.values()), recorded_by=chair)
    return True


def _members():
    members = {}
    for email, name in MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, role=Role.PANEL_MEMBER)
        members[email] = user
    return members


def _sent_and_accepted(code, people):
    data = REVIEWS[code]
    officer = people[f"csp@{code}.example"]
    with _at(*data["registered"]):
        review = register_review(officer=officer, kind=CaseKind.REVIEW, details=data["details"],
                                 people=data["people"])
        draft = review.submissions.get()
        _add_demo_documents(draft, officer, review.reference)
        replace_recommendations(submission=draft, rows=data["recommendations"], changed_by=officer)
    with _at(*data["sent"]):
        make_declaration(submission=draft, declared_by=officer)
        submission = submit_submission(submission=draft, submitted_by=officer)
    with _at(*data["accepted"]):
        accept_submission(submission=submission, accepted_by=people["secretariat@homeoffice.example"],
                          ticked=EVERY_CHECK)
    return submission


def _assess(item, reader, submitted, outcome, strengths, suggestions, inadequate):
    criteria = list(criteria_for(item.submission.review.kind))
    # A draft is half done: the first few criteria judged, the rest still to come.
    judgements = [
        Judgement(criterion.pk, "Inadequate", inadequate[criterion.heading]) if criterion.heading in inadequate
        else Judgement(criterion.pk, "Adequate")
        for criterion in (criteria if submitted else criteria[:6])
    ]
    save_assessment(
        assignment=item.readers.get(reader=reader), saved_by=reader, strengths=strengths,
        recommended_outcome=outcome, judgements=judgements,
        suggestions=[Suggestion(text, citation) for text, citation in suggestions], submit=submitted,
    )
