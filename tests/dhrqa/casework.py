"""Two CSPs' casework, a review at each stage the pages act on, and the people who handle it.

Built with the factories, directly in the state each stage leaves behind:
the services that get there are tested in tests/submissions and tests/panel.
Kent's reviews are on meetings Chris chairs, Surrey's on meetings Sam chairs, so
"the chair of the object's meeting" and "a chair of another meeting" swap
with the CSP, as the officers do.

Each CSP's reviews sit on four meetings, one in each state the pages act on:
`meeting` (held, every item confirmed, so it can close), `sitting` (held, an
item without a verdict and one with a pending verdict: meeting mode),
`released` (papers released: an item two readers are assessing) and `planned`
(two items, for ordering, moving, readers and releasing). Each CSP's meetings
have three members: the reader (assessing the released item, nothing
submitted yet), a colleague reading it too (submitted), and a member who has
declared a conflict with every one of the CSP's reviews.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from dhrqa.models import CommunitySafetyPartnership, User
from django.utils import timezone as django_timezone

from panel.enums import AgendaItemStatus, AssessmentStatus, LetterStatus, MeetingStatus, RenderStatus, VerdictStatus
from panel.models import (
    AgendaItem,
    Assessment,
    ConflictOfInterest,
    Letter,
    Meeting,
    MeetingMember,
    ReaderAssignment,
    RoutedRecommendation,
    RoutedRecommendationMove,
    Verdict,
)
from submissions.enums import (
    REQUIRED_DOCUMENT_KINDS,
    CaseKind,
    IntakeCheck,
    IssueSource,
    PersonRole,
    RecommendationScope,
    SubmissionStatus,
)
from submissions.models import (
    Document,
    IntakeDecision,
    IssueResponse,
    RaisedIssue,
    Recommendation,
    Review,
    ReviewPerson,
    Submission,
)
from tests.dhrqa.letters import make_letter
from tests.factories import (
    AgendaItemFactory,
    CSPFactory,
    MeetingFactory,
    RecommendationFactory,
    ReviewFactory,
    StoredFileFactory,
    SubmissionFactory,
    UserFactory,
    VerdictFactory,
    outcome,
)

PANEL_ISSUES = [
    "Paragraph 5.12 could appear to a reader to be victim blaming;",
    "Draw out the links between the recommendations and the action plan.",
]

# The kinds of signed-in person, named from where the object stands.
OWN_OFFICER = "CSP officer of the object's own CSP"
OTHER_OFFICER = "CSP officer of another CSP"
SECRETARIAT = "secretariat"
PANEL_MEMBER = "panel member on none of the object's meetings"
READER = "member of the object's meetings, reading its released item, nothing submitted"
CONFLICTED = "member of the object's meetings who declared a conflict with its reviews"
CHAIR = "chair of the object's meeting"
OTHER_CHAIR = "chair of another meeting"
RESPONDER = "responder of the national body the object is routed to"
OTHER_RESPONDER = "responder of another national body"
KINDS = (OWN_OFFICER, OTHER_OFFICER, SECRETARIAT, PANEL_MEMBER, READER, CONFLICTED, CHAIR, OTHER_CHAIR, RESPONDER,
         OTHER_RESPONDER)
# The national body each CSP's national recommendation is routed to, with its responder.
BODIES = {"kent": "home_office", "surrey": "moj"}


@dataclass
class Casework:
    """One CSP's reviews, one at each stage, on the agenda of its own Panel meeting."""

    csp: CommunitySafetyPartnership
    officer: User
    chair: User
    reader: User
    colleague: User
    conflicted: User
    meeting: Meeting  # held, every item with a confirmed verdict
    sitting: Meeting  # held, meeting mode on `scheduled`
    released: Meeting  # papers released
    planned: Meeting  # planned, two items
    answered: Review  # version 1 needed changes and its letter issued; version 2 ready to send
    draft: Submission
    draft_document: Document
    recommendation: Recommendation
    issued_letter: Letter
    received: Submission  # waiting for intake
    sent_document: Document  # one of its documents
    accepted: Submission  # waiting for a meeting
    scheduled: AgendaItem  # on the agenda of the sitting meeting, no verdict yet
    pending: Verdict  # recorded at the sitting meeting, not confirmed
    reading: AgendaItem  # on the released meeting: the reader has not started, the colleague has submitted
    reading_assignment: ReaderAssignment  # the reader's
    planned_item: AgendaItem  # first on the planned meeting's agenda
    decided: Verdict  # with a rendered draft letter
    draft_letter: Letter  # a draft whose PDF is ready
    signed_letter: Letter  # signed, not yet issued
    awaiting_letter: Letter  # with the chair to sign
    failed_letter: Letter  # a draft whose PDF could not be prepared
    withdrawn: Review  # its only version withdrawn: the CSP may start the next
    responder: User  # at the body the CSP's national recommendation is routed to
    routed: RoutedRecommendation  # the decided version's national recommendation, sent, its answer overdue


@dataclass
class World:
    secretariat: User
    panel_member: User
    newcomer: User  # invited: has an account, but has not yet chosen a password
    kent: Casework
    surrey: Casework

    def other(self, case):
        return self.surrey if case is self.kent else self.kent

    def people(self, case):
        """{kind of person: user}, as seen from `case`'s objects."""
        other = self.other(case)
        return {
            OWN_OFFICER: case.officer, OTHER_OFFICER: other.officer,
            SECRETARIAT: self.secretariat, PANEL_MEMBER: self.panel_member,
            READER: case.reader, CONFLICTED: case.conflicted,
            CHAIR: case.chair, OTHER_CHAIR: other.chair,
            RESPONDER: case.responder, OTHER_RESPONDER: other.responder,
        }


def build_world():
    secretariat = UserFactory(secretariat=True, full_name="Priya Secretariat")
    panel_member = UserFactory(panel_member=True, full_name="Morgan Reader")
    return World(
        secretariat=secretariat,
        panel_member=panel_member,
        newcomer=UserFactory(panel_member=True, full_name="Alex Newcomer", password=None),
        kent=build_casework("kent", "Kent", chair_name="Chris Chair", secretariat=secretariat,
                            meeting_date=datetime.date(2026, 1, 21)),
        surrey=build_casework("surrey", "Surrey", chair_name="Sam Chair", secretariat=secretariat,
                              meeting_date=datetime.date(2026, 2, 18)),
    )


# The stage each of a CSP's reviews is at, in the order they were registered.
STAGES = {
    "answered": SubmissionStatus.CHANGES_REQUESTED,
    "received": SubmissionStatus.SUBMITTED,
    "accepted": SubmissionStatus.ACCEPTED,
    "scheduled": SubmissionStatus.SCHEDULED,
    "decided": SubmissionStatus.DECIDED,
    "signed": SubmissionStatus.DECIDED,
    "withdrawn": SubmissionStatus.WITHDRAWN,
    "pending": SubmissionStatus.SCHEDULED,
    "reading": SubmissionStatus.SCHEDULED,
    "planned": SubmissionStatus.SCHEDULED,
    "planned_next": SubmissionStatus.SCHEDULED,
    "awaiting": SubmissionStatus.DECIDED,
    "failing": SubmissionStatus.DECIDED,
}
# Which meeting each stage's version is on, in agenda order.
AGENDAS = {
    "meeting": ("answered", "decided", "signed", "awaiting", "failing"),
    "sitting": ("scheduled", "pending"),
    "released": ("reading",),
    "planned": ("planned", "planned_next"),
}


def build_casework(code, area, *, chair_name, secretariat, meeting_date):
    """One CSP's casework, built a stage at a time with the factories and saved in bulk, as it runs for every test."""
    csp = CSPFactory(code=code, name=f"{area} Community Safety Partnership", area_name=area)
    officer = UserFactory(csp_officer=True, csp=csp, full_name=f"Jo {area}")
    chair = UserFactory(chair=True, full_name=chair_name)
    reader, colleague, conflicted = (UserFactory(panel_member=True, full_name=f"{name} {area}")
                                     for name in ("Rae Reader", "Cole Colleague", "Con Conflicted"))
    meetings = _meetings(meeting_date, chair, secretariat, members=[reader, colleague, conflicted])
    reviews = dict(zip(STAGES, Review.objects.bulk_create(
        ReviewFactory.build(reference=f"{code.upper()}-2026-{number:02d}", reference_number=number, csp=csp,
                            registered_by=officer)
        for number in range(1, len(STAGES) + 1)
    )))
    ReviewPerson.objects.bulk_create(
        ReviewPerson(review=review, role=role, position=1, pseudonym=pseudonym)
        for review in reviews.values()
        for role, pseudonym in [(PersonRole.VICTIM, "Louise"), (PersonRole.PERPETRATOR, "Neil")]
    )
    sent = dict(zip(STAGES, Submission.objects.bulk_create(
        SubmissionFactory.build(review=reviews[stage], status=status, documents=False,
                                withdrawal_reason="The CSP found a factual error" if stage == "withdrawn" else "")
        for stage, status in STAGES.items()
    )))
    # One file of each required kind, which every version of this CSP's reviews sends: the tests
    # here are about who may fetch them, so one file's bytes are as good as another's.
    files = {kind: StoredFileFactory(uploaded_by=officer) for kind in REQUIRED_DOCUMENT_KINDS[CaseKind.REVIEW]}
    Document.objects.bulk_create(
        Document(submission=submission, kind=kind, stored_file=stored, original_name=f"{kind}.pdf", added_by=officer)
        for submission in sent.values() for kind, stored in files.items()
    )
    on_agenda = [(name, stage, position) for name, stages in AGENDAS.items()
                 for position, stage in enumerate(stages, start=1)]
    items = dict(zip((stage for _, stage, _ in on_agenda), AgendaItem.objects.bulk_create(
        AgendaItemFactory.build(
            meeting=meetings[name], submission=sent[stage], position=position, scheduled_by=secretariat,
            status=AgendaItemStatus.DISCUSSED if stage in ("answered", "decided", "signed", "pending", "awaiting", "failing")
            else AgendaItemStatus.SCHEDULED,
        )
        for name, stage, position in on_agenda
    )))
    publish, changes = outcome("publish", "publication-2016"), outcome("publish_after_changes", "publication-2016")
    verdicts = dict(zip(("answered", "decided", "signed", "awaiting", "failing", "pending"), Verdict.objects.bulk_create([
        VerdictFactory.build(agenda_item=items["answered"], outcome=changes, recorded_by=chair),
        VerdictFactory.build(agenda_item=items["decided"], outcome=publish, recorded_by=chair),
        VerdictFactory.build(agenda_item=items["signed"], outcome=publish, recorded_by=chair),
        VerdictFactory.build(agenda_item=items["awaiting"], outcome=publish, recorded_by=chair),
        VerdictFactory.build(agenda_item=items["failing"], outcome=publish, recorded_by=chair),
        VerdictFactory.build(agenda_item=items["pending"], outcome=publish, recorded_by=chair,
                             status=VerdictStatus.PENDING, confirmed_by=None, confirmed_at=None),
    ])))
    Meeting.objects.filter(pk=meetings["sitting"].pk).update(current_item=items["scheduled"])
    reading_assignment, colleague_assignment = ReaderAssignment.objects.bulk_create(
        ReaderAssignment(agenda_item=items["reading"], reader=person, due_on=meetings["released"].date,
                         assigned_by=secretariat)
        for person in (reader, colleague)
    )
    Assessment.objects.create(assignment=colleague_assignment, status=AssessmentStatus.SUBMITTED,
                              strengths="A clear chronology.", recommended_outcome=publish,
                              submitted_at=django_timezone.now())
    ConflictOfInterest.objects.bulk_create(
        ConflictOfInterest(review=review, member=conflicted, kind="professional", reason="I work for the council.")
        for review in reviews.values()
    )
    IntakeDecision.objects.bulk_create(
        IntakeDecision(submission=sent[stage], checklist={check.value: True for check in IntakeCheck},
                       accepted=True, decided_by=secretariat)
        for stage in STAGES if stage not in ("received", "withdrawn")
    )
    draft = _ready_to_send(sent["answered"], officer, issues=PANEL_ISSUES)
    responder, routed = _routed(verdicts["decided"], sent["decided"], code, area)
    return Casework(
        csp=csp, officer=officer, chair=chair, reader=reader, colleague=colleague, conflicted=conflicted,
        meeting=meetings["meeting"], sitting=meetings["sitting"], released=meetings["released"],
        planned=meetings["planned"], pending=verdicts["pending"], reading=items["reading"],
        reading_assignment=reading_assignment, planned_item=items["planned"],
        answered=reviews["answered"], draft=draft, draft_document=draft.documents.order_by("kind").first(),
        recommendation=draft.recommendations.get(),
        issued_letter=make_letter(verdicts["answered"], LetterStatus.ISSUED, drafted_by=secretariat),
        received=sent["received"], sent_document=sent["received"].documents.order_by("kind").first(),
        accepted=sent["accepted"], scheduled=items["scheduled"], decided=verdicts["decided"],
        draft_letter=make_letter(verdicts["decided"], LetterStatus.DRAFT, drafted_by=secretariat),
        signed_letter=make_letter(verdicts["signed"], LetterStatus.SIGNED, drafted_by=secretariat),
        awaiting_letter=make_letter(verdicts["awaiting"], LetterStatus.AWAITING_SIGNATURE, drafted_by=secretariat),
        failed_letter=make_letter(verdicts["failing"], LetterStatus.DRAFT, drafted_by=secretariat,
                                  render_status=RenderStatus.FAILED),
        withdrawn=reviews["withdrawn"], responder=responder, routed=routed,
    )


def _routed(verdict, submission, code, area):
    """The decided version's national recommendation, routed to the CSP's body, sent and overdue; its responder."""
    body = BODIES[code]
    responder = UserFactory(responder=True, national_body=body, full_name=f"Rory Responder {area}")
    recommendation = RecommendationFactory(submission=submission, number="7", scope=RecommendationScope.NATIONAL,
                                           national_body=body)
    routed = RoutedRecommendation.objects.create(
        recommendation=recommendation, verdict=verdict, review=submission.review, csp=submission.review.csp,
        body=body, routed_as_body=body, number="7", text=recommendation.text, panel_response="The Panel agrees.",
        sent_on=datetime.date(2026, 1, 2), due_on=datetime.date(2026, 4, 2))
    RoutedRecommendationMove.objects.create(routed=routed, kind="routed", to_status=routed.status, note="Routed")
    return responder, routed


def _meetings(date, chair, secretariat, *, members):
    """The CSP's four meetings, each with the three members, in the states the pages act on."""
    now = django_timezone.now()
    meetings = dict(zip(AGENDAS, Meeting.objects.bulk_create([
        MeetingFactory.build(date=date, chair=chair, created_by=secretariat, status=MeetingStatus.HELD,
                             papers_released_at=now, held_at=now),
        MeetingFactory.build(date=date + datetime.timedelta(days=7), chair=chair, created_by=secretariat,
                             status=MeetingStatus.HELD, papers_released_at=now, held_at=now),
        MeetingFactory.build(date=date + datetime.timedelta(days=14), chair=chair, created_by=secretariat,
                             status=MeetingStatus.PAPERS_RELEASED, papers_released_at=now),
        MeetingFactory.build(date=date.replace(year=2027), chair=chair, created_by=secretariat),
    ])))
    MeetingMember.objects.bulk_create(
        MeetingMember(meeting=meeting, member=member, invited_by=secretariat)
        for meeting in meetings.values() for member in members
    )
    return meetings


def _ready_to_send(previous, officer, *, issues):
    """Version 2 after the Panel's letter: the documents carried forward, every issue answered, declared."""
    raised = RaisedIssue.objects.bulk_create(
        RaisedIssue(submission=previous, source=IssueSource.PANEL, position=position, text=text)
        for position, text in enumerate(issues, start=1)
    )
    draft = SubmissionFactory(review=previous.review, number=previous.number + 1, status=SubmissionStatus.DRAFT,
                              documents=False, declaration_by=officer, declaration_at=timezone.now())
    Document.objects.bulk_create(
        Document(submission=draft, kind=document.kind, stored_file_id=document.stored_file_id,
                 original_name=document.original_name, added_by=officer)
        for document in previous.documents.all()
    )
    RecommendationFactory(submission=draft, number="1")
    IssueResponse.objects.bulk_create(
        IssueResponse(issue=issue, submission=draft, text="Paragraph 5.12 has been rewritten.", answered_by=officer)
        for issue in raised
    )
    return draft
