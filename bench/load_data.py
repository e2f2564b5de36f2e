"""The casework bench/load.py serves: written with bulk_create, then described for the simulated users.

- 2,000 sent versions across 40 CSPs (bench/list_data.py), each with its
  overview report: a 300 KB PDF in private storage, one file per CSP.
- A meeting whose papers are out: 20 reviews, 20 readers reading 4 each,
  no assessment saved yet (one simulated reader to a person: two tabs on one
  assessment would cross their saves, which the app refuses by design).
- A held meeting of 10 confirmed verdicts, one for each letter drafter.
"""

import datetime
import hashlib

SUBMISSIONS = 2_000
READERS = 20
READINGS_EACH = 4
AGENDA = 20
VERDICTS = 10
DOCUMENT_PADDING = 300_000


def fill():
    """Create the casework; return the plan: the people to sign in and what each of them opens."""
    from django.core.files.base import ContentFile
    from django.urls import reverse
    from django.utils import timezone

    from dhrqa.enums import Role
    from dhrqa.models import User
    from list_data import fill as fill_lists
    from panel.enums import MeetingStatus, VerdictStatus
    from panel.models import AgendaItem, Meeting, MeetingMember, ReaderAssignment, Verdict, VerdictIssue
    from panel.outcomes import outcome_set_in_force
    from submissions.enums import CaseKind, DocumentKind, FileType, SubmissionStatus, TextStatus
    from submissions.models import Document, StoredFile, Submission
    from tests.factories import pdf_bytes

    now, today = timezone.now(), timezone.localdate()
    secretariat = fill_lists(SUBMISSIONS)
    submissions = list(Submission.objects.filter(review__kind=CaseKind.REVIEW)
                       .select_related("review__csp", "created_by").order_by("id"))
    content = pdf_bytes("An overview report", padding=DOCUMENT_PADDING)
    files = {}
    for submission in submissions:
        officer = submission.created_by
        if officer.pk not in files:
            stored = StoredFile(file_type=FileType.PDF, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                                page_count=1, uploaded_by=officer, text_status=TextStatus.FAILED)
            stored.file.save("overview-report.pdf", ContentFile(content), save=False)
            stored.save()
            files[officer.pk] = stored
    documents = Document.objects.bulk_create(
        Document(submission=submission, kind=DocumentKind.OVERVIEW_REPORT, stored_file=files[submission.created_by_id],
                 original_name="overview-report.pdf", added_by=submission.created_by)
        for submission in submissions)

    chair = User.objects.create(email="chair@homeoffice.example", full_name="Chris Chair", role=Role.CHAIR,
                                password="!", letter_titles="Chair of the Home Office DHR Quality Assurance Panel")
    readers = User.objects.bulk_create(
        User(email=f"reader{n}@homeoffice.example", full_name=f"Reader {n}", role=Role.PANEL_MEMBER, password="!")
        for n in range(1, READERS + 1))
    on_agenda, for_letters = submissions[:AGENDA], submissions[AGENDA:AGENDA + VERDICTS]
    Submission.objects.filter(pk__in=[s.pk for s in on_agenda + for_letters]).update(
        status=SubmissionStatus.SCHEDULED)
    released = Meeting.objects.create(date=today + datetime.timedelta(days=14), chair=chair, created_by=secretariat,
                                      status=MeetingStatus.PAPERS_RELEASED, papers_released_at=now, capacity=AGENDA)
    MeetingMember.objects.bulk_create(MeetingMember(meeting=released, member=reader, invited_by=secretariat)
                                      for reader in readers)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=released, submission=submission, position=position, scheduled_by=secretariat)
        for position, submission in enumerate(on_agenda, start=1))
    readings = ReaderAssignment.objects.bulk_create(
        ReaderAssignment(agenda_item=items[(index * READINGS_EACH + turn) % AGENDA], reader=reader,
                         due_on=released.date - datetime.timedelta(days=2), assigned_by=secretariat)
        for index, reader in enumerate(readers) for turn in range(READINGS_EACH))

    held = Meeting.objects.create(date=today, chair=chair, created_by=secretariat, status=MeetingStatus.HELD,
                                  papers_released_at=now, held_at=now, capacity=VERDICTS)
    decided = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=held, submission=submission, position=position, scheduled_by=secretariat)
        for position, submission in enumerate(for_letters, start=1))
    outcome = outcome_set_in_force(CaseKind.REVIEW, today).outcomes.order_by("position").first()
    verdicts = Verdict.objects.bulk_create(
        Verdict(agenda_item=item, outcome=outcome, status=VerdictStatus.CONFIRMED, recorded_by=chair,
                confirmed_by=chair, confirmed_at=now, commendation="The Panel commends the report's clarity.")
        for item in decided)
    VerdictIssue.objects.bulk_create(
        VerdictIssue(verdict=verdict, position=n, text=f"Paragraph {n}.12 should say how agencies shared risk.")
        for verdict in verdicts for n in (1, 2, 3))

    def review(submission):
        return {"reference": submission.review.reference,
                "path": reverse("submissions:review_detail", kwargs={"reference": submission.review.reference})}

    document_of = {document.submission_id: document for document in documents}
    officers = {}
    for submission in submissions:
        officers.setdefault(submission.created_by, []).append({
            **review(submission),
            "document": reverse("submissions:document_download", kwargs={"pk": document_of[submission.pk].pk}),
        })
    reviewed = {item.pk: item.submission for item in items}
    return {
        "officer": [{"user": officer, "reviews": own[:25]} for officer, own in officers.items()],
        "secretariat": [{"user": secretariat} for _ in range(10)],
        "reader": [{"user": reader, "readings": [
            {"item": reverse("panel:agenda_item_detail", kwargs={"pk": reading.agenda_item_id}),
             "assessment": reverse("panel:assessment", kwargs={"pk": reading.pk}),
             "reference": reviewed[reading.agenda_item_id].review.reference}
            for reading in readings if reading.reader_id == reader.pk]} for reader in readers],
        "drafter": [{"user": secretariat, "verdict": {
            "item": reverse("panel:agenda_item_detail", kwargs={"pk": verdict.agenda_item_id})}}
            for verdict in verdicts],
    }, [review(submission) for submission in submissions[:200]]
