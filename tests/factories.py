"""factory_boy factories for every model the tests build."""

import datetime
import hashlib
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone


from dhrqa.enums import Role
from dhrqa.models import CommunitySafetyPartnership, User
from panel.enums import AgendaItemStatus, MeetingStatus, VerdictStatus
from panel.models import (
    AgendaItem,
    Meeting,
    NationalRecommendationResponse,
    Outcome,
    ReaderAssignment,
    Verdict,
    VerdictIssue,
)
from submissions.enums import (
    REQUIRED_DOCUMENT_KINDS,
    CaseKind,
    DeathType,
    PersonRole,
    PoliceForceArea,
    RecommendationScope,
    Relationship,
    ReviewType,
    SubmissionStatus,
)
from submissions.models import Document, Recommendation, Review, ReviewPerson, StoredFile, Submission

PASSWORD = "correct-horse-battery-staple"


def pdf_bytes(text="A test report", *, padding=0):
    """A small but well-formed PDF, built by hand so that tests stay fast.

    `padding` adds an unused stream of that many bytes, to make the file larger.
    """
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if padding:
        objects.append(b"<< /Length %d >>\nstream\n" % padding + b"x" * padding + b"\nendstream")
    return assemble_pdf(objects)


def assemble_pdf(objects, *, header=b"%PDF-1.4\n"):
    """Number `objects` from 1, and write them with an xref table and a trailer whose /Root is 1 0 R."""
    out = io.BytesIO()
    out.write(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_bytes(text="A test report"):
    """A minimal Word document."""
    main_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def upload(name="report.pdf", content=None):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content)


class CSPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunitySafetyPartnership

    name = factory.Sequence(lambda n: f"Area {n} Community Safety Partnership")
    code = factory.Sequence(lambda n: f"area{n}")
    area_name = factory.Sequence(lambda n: f"Area {n}")
    contact_name = "Dana Contact"
    contact_title = "Review Co-ordinator"
    contact_organisation = factory.LazyAttribute(lambda o: f"{o.area_name} Council")
    contact_address = "1 High Street\nTown\nAB1 2CD"
    contact_salutation = "Dana Contact"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.gov.uk")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.SECRETARIAT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        csp_officer = factory.Trait(role=Role.CSP_OFFICER, csp=factory.SubFactory(CSPFactory))
        secretariat = factory.Trait(role=Role.SECRETARIAT)
        panel_member = factory.Trait(role=Role.PANEL_MEMBER)
        # At the Home Office, unless another body is named (national_body=...).
        responder = factory.Trait(role=Role.RESPONDER, national_body="home_office")
        chair = factory.Trait(
            role=Role.CHAIR,
            letter_titles="Chair of the Home Office DHR Quality Assurance Panel",
        )


class ReviewFactory(factory.django.DjangoModelFactory):
    """A registered review with one victim (Louise) and one perpetrator (Neil)."""

    class Meta:
        model = Review
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"TEST-2026-{n + 1:03d}")
    reference_year = 2026
    reference_number = factory.Sequence(lambda n: n + 1)
    kind = CaseKind.REVIEW
    csp = factory.SubFactory(CSPFactory)
    review_type = ReviewType.DHR
    death_type = DeathType.HOMICIDE
    relationship = Relationship.INTIMATE_PARTNER
    police_force_area = PoliceForceArea.KENT
    date_of_death = datetime.date(2024, 3, 27)
    date_csp_notified = datetime.date(2024, 4, 3)
    date_decided = datetime.date(2024, 4, 24)
    date_home_office_notified = datetime.date(2024, 4, 26)
    independent_chair_name = "Robin Chair"
    registered_by = factory.SubFactory(UserFactory, csp_officer=True, csp=factory.SelfAttribute("..csp"))

    @factory.post_generation
    def people(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for role, pseudonym in extracted or [(PersonRole.VICTIM, "Louise"), (PersonRole.PERPETRATOR, "Neil")]:
            position = sum(1 for person in obj.people.all() if person.role == role) + 1
            ReviewPerson.objects.create(review=obj, role=role, position=position, pseudonym=pseudonym)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A version of a review. Sent (status "submitted") unless told otherwise, with its required documents."""

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    number = 1
    status = SubmissionStatus.SUBMITTED
    created_by = factory.SelfAttribute("review.registered_by")
    submitted_by = factory.LazyAttribute(
        lambda o: None if o.status == SubmissionStatus.DRAFT else o.review.registered_by)
    submitted_at = factory.LazyAttribute(lambda o: None if o.status == SubmissionStatus.DRAFT else timezone.now())
    declaration_by = factory.SelfAttribute("submitted_by")
    declaration_at = factory.SelfAttribute("submitted_at")

    @factory.post_generation
    def documents(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for kind in REQUIRED_DOCUMENT_KINDS[obj.review.kind]:
            DocumentFactory(submission=obj, kind=kind)


class StoredFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoredFile

    file = factory.LazyFunction(lambda: SimpleUploadedFile("report.pdf", pdf_bytes()))
    file_type = "pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(pdf_bytes()).hexdigest())
    page_count = 1
    uploaded_by = factory.SubFactory(UserFactory, csp_officer=True)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    submission = factory.SubFactory(SubmissionFactory, documents=False)
    kind = REQUIRED_DOCUMENT_KINDS[CaseKind.REVIEW][0]
    stored_file = factory.SubFactory(StoredFileFactory, uploaded_by=factory.SelfAttribute("..added_by"))
    original_name = "report.pdf"
    added_by = factory.SelfAttribute("submission.created_by")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    submission = factory.SubFactory(SubmissionFactory, documents=False, status=SubmissionStatus.DRAFT)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.position))
    text = "Agencies should share information about domestic abuse risk."
    scope = RecommendationScope.LOCAL
    lead_agency = "Community Safety Partnership"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    date = datetime.date(2026, 12, 9)
    chair = factory.SubFactory(UserFactory, chair=True)
    created_by = factory.SubFactory(UserFactory, secretariat=True)

    class Params:
        # Its papers released: members may open its documents.
        released = factory.Trait(status=MeetingStatus.PAPERS_RELEASED,
                                 papers_released_at=factory.LazyFunction(timezone.now))
        # Being held: verdicts are recorded.
        held = factory.Trait(status=MeetingStatus.HELD, papers_released_at=factory.LazyFunction(timezone.now),
                             held_at=factory.LazyFunction(timezone.now))


def outcome(code, outcome_set="adequacy-2011"):
    """One of the outcomes the migrations seed, e.g. outcome("publish_after_changes", "publication-2016")."""
    return Outcome.objects.get(outcome_set__code=outcome_set, code=code)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    submission = factory.SubFactory(SubmissionFactory, status=SubmissionStatus.SCHEDULED)
    position = factory.Sequence(lambda n: n + 1)
    scheduled_by = factory.SelfAttribute("meeting.created_by")


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    agenda_item = factory.SubFactory(
        AgendaItemFactory, submission__status=SubmissionStatus.DECIDED, status=AgendaItemStatus.DISCUSSED,
        meeting__held=True,
    )
    outcome = factory.LazyFunction(lambda: outcome("adequate"))
    status = VerdictStatus.CONFIRMED
    commendation = "The Panel commends the clear account of the victim's life."
    recorded_by = factory.SelfAttribute("agenda_item.meeting.chair")
    confirmed_by = factory.SelfAttribute("recorded_by")
    confirmed_at = factory.LazyFunction(timezone.now)


class VerdictIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VerdictIssue

    verdict = factory.SubFactory(VerdictFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Issue {n} the CSP should consider.")


class NationalRecommendationResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalRecommendationResponse
        skip_postgeneration_save = True

    verdict = factory.SubFactory(VerdictFactory)
    position = factory.Sequence(lambda n: n + 1)
    routed_to = "moj"
    text = "Action three will be communicated to Ministry of Justice colleagues."

    @factory.post_generation
    def recommendations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.recommendations.set(extracted)


class ReaderAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReaderAssignment

    agenda_item = factory.SubFactory(AgendaItemFactory)
    reader = factory.SubFactory(UserFactory, panel_member=True)
    due_on = factory.LazyAttribute(lambda o: o.agenda_item.meeting.date - datetime.timedelta(days=2))
    assigned_by = factory.SelfAttribute("agenda_item.meeting.created_by")
