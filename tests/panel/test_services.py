"""The panel's letter services, on real Postgres, WeasyPrint and pyHanko.

Meetings, agendas, readers, assessments and verdicts have their own test modules."""

import datetime
import hashlib

import pytest
from django.conf import settings
from django.utils import timezone

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from dhrqa.transitions import IllegalTransition
from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter, LetterTemplate
from panel.pdf import format_letter_date
from panel.services.letters import (
    LetterNotReady,
    draft_letter,
    issue_letter,
    open_letter,
    render_letter,
    sign_letter,
)
from panel.refusals import VerdictNotConfirmed
from panel.services.verdicts import confirm_verdict, record_verdict
from panel.signing import validate_signature
from submissions.enums import SubmissionStatus
from tests.factories import AgendaItemFactory, MeetingFactory, VerdictFactory, outcome
from tests.panel.scenario import (
    COMMENDATION,
    ISSUES,
    LETTER_DATE,
    MEETING_DATE,
    NATIONAL_RESPONSES,
    audit_trail,
    pdf_text,
)


def stored_bytes(field_file):
    with field_file.open("rb") as file:
        return file.read()


# draft_letter


def test_draft_letter_composes_content_and_queues_render_on_commit(
    verdict, secretariat, chair, django_capture_on_commit_callbacks
):
    # Not executed: running the callback would send the task to Redis, and no
    # worker runs in these tests. tests/panel/test_worker.py covers that trip.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        letter = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE)

    assert len(callbacks) == 1
    assert (letter.status, letter.render_status, letter.letter_date) == (
        LetterStatus.DRAFT, RenderStatus.QUEUED, LETTER_DATE)
    assert letter.draft_pdf.name == ""
    content = letter.content
    assert content["salutation"] == "Dear Dana Contact,"
    assert content["signatory"] == {"name": chair.full_name,
                                    "titles": ["Chair of the Home Office DHR Quality Assurance Panel"]}
    area = verdict.agenda_item.submission.review.csp.area_name
    assert [block.get("text", block.get("items")) for block in content["blocks"]] == [
        f"Thank you for submitting the Domestic Homicide Review (DHR) report from {area} to the Home Office "
        "Quality Assurance (QA) Panel. The review was considered at the QA Panel meeting in January.",
        "The QA Panel would like to thank you for conducting this review and for providing them with the final "
        "report. In terms of the assessment of DHR reports the QA Panel judges them as either adequate or "
        "inadequate. It is clear that a lot of effort has gone into producing this report, and I am pleased to "
        "tell you that it has been judged as adequate by the QA Panel.",
        COMMENDATION,
        "There were some issues that the Panel felt might benefit from more detail and which you may wish to "
        "consider before you publish the final report:",
        ISSUES,
        "The QA Panel also notes there are a number of recommendations that are of national relevance "
        "(Actions three, five, six and eight of the Action Plan).",
        NATIONAL_RESPONSES[0][1],
        NATIONAL_RESPONSES[1][1],
        "We do not need to see another version of the report, but I would ask you to include this letter as an "
        "appendix to the report when published.",
    ]
    assert audit_trail(letter) == [
        (secretariat.pk, AuditAction.LETTER_DRAFTED,
         {"template": "Adequate or inadequate letter (2014 layout) (version 1)"}),
    ]


def test_draft_letter_defaults_to_today(verdict, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        letter = draft_letter(verdict=verdict, drafted_by=secretariat)

    assert letter.letter_date == timezone.localdate()


def test_draft_letter_outcome_set_without_template_refused(secretariat, django_capture_on_commit_callbacks):
    verdict = VerdictFactory(outcome=outcome("publish", "publication-2016"), agenda_item__submission__documents=False)
    LetterTemplate.objects.filter(outcome_set__code="publication-2016").delete()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(IllegalTransition, match="^There is no letter template for this kind of verdict yet$"):
            draft_letter(verdict=verdict, drafted_by=secretariat)

    assert callbacks == []
    assert Letter.objects.count() == 0


def test_draft_letter_pending_verdict_refused(pending_verdict, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(VerdictNotConfirmed,
                           match="^The chair has not confirmed this verdict yet: its letter cannot be drafted$"):
            draft_letter(verdict=pending_verdict, drafted_by=secretariat)

    assert callbacks == []
    assert Letter.objects.count() == 0


def test_draft_letter_after_signing_refused(rendered_draft, chair, secretariat, signing_certificate,
                                            django_capture_on_commit_callbacks):
    sign_letter(letter=rendered_draft, signed_by=chair)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(IllegalTransition, match="^This verdict already has a signed letter$"):
            draft_letter(verdict=rendered_draft.verdict, drafted_by=secretariat)

    assert callbacks == []
    assert list(Letter.objects.values_list("pk", flat=True)) == [rendered_draft.pk]


# render_letter


def test_render_letter_stores_draft_pdf_and_marks_ready(draft):
    letter = render_letter(draft.pk)

    letter.refresh_from_db()
    assert (letter.render_status, letter.render_error) == (RenderStatus.READY, "")
    assert letter.draft_pdf.name.startswith("letters/") and letter.draft_pdf.name.endswith(".pdf")
    pdf = stored_bytes(letter.draft_pdf)
    assert pdf[:5] == b"%PDF-"
    text = pdf_text(pdf)
    assert text.startswith("DRAFT – not signed")
    assert "6 February 2014 Dear Dana Contact, Thank you for submitting" in text
    assert "Yours sincerely, Awaiting the chair's signature" in text
    assert audit_trail(letter)[1:] == [(None, AuditAction.LETTER_RENDERED, {"bytes": len(pdf)})]


def test_render_letter_twice_leaves_ready_letter_alone(rendered_draft):
    name = rendered_draft.draft_pdf.name

    again = render_letter(rendered_draft.pk)

    again.refresh_from_db()
    assert (again.draft_pdf.name, again.render_status) == (name, RenderStatus.READY)
    assert [action for _, action, _ in audit_trail(again)] == [
        AuditAction.LETTER_DRAFTED, AuditAction.LETTER_RENDERED]


def test_render_letter_unknown_block_marks_failed_and_audits(draft):
    content = {**draft.content, "blocks": [{"kind": "table", "rows": []}]}
    Letter.objects.filter(pk=draft.pk).update(content=content)

    letter = render_letter(draft.pk)

    letter.refresh_from_db()
    assert (letter.render_status, letter.draft_pdf.name) == (RenderStatus.FAILED, "")
    assert letter.render_error == "ValueError: Letter block 0 has unknown kind 'table'"
    assert audit_trail(letter)[1:] == [
        (None, AuditAction.LETTER_RENDER_FAILED, {"error": "ValueError: Letter block 0 has unknown kind 'table'"}),
    ]


# sign_letter


def test_sign_letter_stores_signed_pdf_dated_today(rendered_draft, chair, signing_certificate):
    today = timezone.localdate()
    assert rendered_draft.letter_date == LETTER_DATE != today

    letter = sign_letter(letter=rendered_draft, signed_by=chair)

    letter.refresh_from_db()
    assert (letter.status, letter.signed_by, letter.letter_date) == (LetterStatus.SIGNED, chair, today)
    assert letter.signed_at is not None
    signed = stored_bytes(letter.signed_pdf)
    assert letter.signed_pdf_sha256 == hashlib.sha256(signed).hexdigest()
    assert validate_signature(signed, trust_cert_path=settings.DHRQA_SIGNING_CERT_PATH).ok is True
    text = pdf_text(signed)
    assert f"{format_letter_date(today)} Dear Dana Contact," in text
    assert (f"Yours sincerely, {chair.full_name} Chair of the Home Office DHR Quality Assurance Panel Page 1 of 1"
            in text)
    assert "DRAFT" not in text
    assert "Awaiting the chair's signature" not in text
    assert audit_trail(letter)[2:] == [
        (chair.pk, AuditAction.LETTER_SIGNED, {"sha256": letter.signed_pdf_sha256}),
    ]


def test_sign_letter_twice_refused(rendered_draft, chair, signing_certificate):
    signed = sign_letter(letter=rendered_draft, signed_by=chair)

    with pytest.raises(IllegalTransition, match="^This letter has already been signed$"):
        sign_letter(letter=signed, signed_by=chair)

    signed_again = Letter.objects.get(pk=signed.pk)
    assert (signed_again.signed_pdf.name, signed_again.signed_pdf_sha256) == (
        signed.signed_pdf.name, signed.signed_pdf_sha256)
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_SIGNED).count() == 1


def test_sign_letter_render_queued_refused(draft, chair, signing_certificate):
    with pytest.raises(IllegalTransition, match="^The draft letter must be ready before it is signed$"):
        sign_letter(letter=draft, signed_by=chair)

    draft.refresh_from_db()
    assert (draft.status, draft.signed_pdf.name, draft.letter_date) == (LetterStatus.DRAFT, "", LETTER_DATE)
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_SIGNED).count() == 0


def test_sign_letter_in_later_year_names_meeting_year(chair, secretariat, signing_certificate,
                                                      django_capture_on_commit_callbacks):
    # In the adequate / inadequate years, whose letters name the meeting's month.
    meeting = MeetingFactory(date=datetime.date(2015, 12, 1), chair=chair, held=True)
    item = AgendaItemFactory(meeting=meeting, submission__documents=False)
    verdict = record_verdict(agenda_item=item, recorded_by=chair, outcome="adequate",
                             commendation="", issues=[], national_responses=[])
    confirm_verdict(verdict=verdict, confirmed_by=chair)
    with django_capture_on_commit_callbacks(execute=False):
        draft = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=meeting.date)
    render_letter(draft.pk)

    signed = sign_letter(letter=draft, signed_by=chair)

    # Drafted in the meeting's year, signed in the next: the month needs its year.
    assert signed.content["blocks"][0]["text"].endswith(f"meeting in December {meeting.date.year}.")
    assert f"meeting in December {meeting.date.year}." in pdf_text(stored_bytes(signed.signed_pdf))


def test_sign_letter_older_draft_refused(rendered_draft, chair, secretariat, signing_certificate,
                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        newer = draft_letter(verdict=rendered_draft.verdict, drafted_by=secretariat, letter_date=LETTER_DATE)
    render_letter(newer.pk)

    with pytest.raises(IllegalTransition, match="^A newer draft of this letter exists: sign that one instead$"):
        sign_letter(letter=rendered_draft, signed_by=chair)

    assert list(Letter.objects.order_by("id").values_list("status", flat=True)) == [
        LetterStatus.DRAFT, LetterStatus.DRAFT]


# issue_letter


def test_issue_letter_draft_refused(rendered_draft, secretariat):
    with pytest.raises(IllegalTransition, match="^Only a signed letter that has not been issued can be issued$"):
        issue_letter(letter=rendered_draft, issued_by=secretariat)

    rendered_draft.refresh_from_db()
    assert (rendered_draft.status, rendered_draft.issued_at) == (LetterStatus.DRAFT, None)
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_ISSUED).count() == 0


def test_issue_letter_signed_records_issue_and_audits(rendered_draft, chair, secretariat, signing_certificate):
    signed = sign_letter(letter=rendered_draft, signed_by=chair)
    before = timezone.now()

    issue_letter(letter=signed, issued_by=secretariat)

    letter = Letter.objects.get(pk=signed.pk)
    assert (letter.status, letter.issued_by) == (LetterStatus.ISSUED, secretariat)
    assert before <= letter.issued_at <= timezone.now()
    assert audit_trail(letter)[3:] == [
        (secretariat.pk, AuditAction.LETTER_ISSUED, {"sha256": signed.signed_pdf_sha256, "version": 1}),
    ]


def test_issue_letter_twice_refused(rendered_draft, chair, secretariat, signing_certificate):
    issued = issue_letter(letter=sign_letter(letter=rendered_draft, signed_by=chair), issued_by=secretariat)

    with pytest.raises(IllegalTransition, match="^Only a signed letter that has not been issued can be issued$"):
        issue_letter(letter=issued, issued_by=secretariat)

    assert Letter.objects.get(pk=issued.pk).issued_at == issued.issued_at
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_ISSUED).count() == 1


# open_letter


def test_open_letter_draft_returns_draft_and_records_download(rendered_draft, panel_member):
    with open_letter(letter=rendered_draft, user=panel_member) as opened:
        assert opened.read() == stored_bytes(rendered_draft.draft_pdf)

    assert audit_trail(rendered_draft)[2:] == [(panel_member.pk, AuditAction.LETTER_DOWNLOADED, {"signed": False})]


def test_open_letter_signed_returns_signed_pdf_and_records_download(rendered_draft, chair, panel_member,
                                                                      signing_certificate):
    signed = sign_letter(letter=rendered_draft, signed_by=chair)

    with open_letter(letter=signed, user=panel_member) as opened:
        assert opened.read() == stored_bytes(signed.signed_pdf)

    assert audit_trail(signed)[3:] == [(panel_member.pk, AuditAction.LETTER_DOWNLOADED, {"signed": True})]


def test_open_letter_before_render_refused_and_records_nothing(draft, panel_member):
    with pytest.raises(LetterNotReady, match="^The letter has not been rendered yet$"):
        open_letter(letter=draft, user=panel_member)

    assert AuditEvent.objects.filter(action=AuditAction.LETTER_DOWNLOADED).count() == 0

