"""The panel's letter services, on real Postgres, WeasyPrint and pyHanko.

Meetings, agendas, readers, assessments and verdicts have their own test modules."""

import datetime
import hashlib

import pytest
from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from dhrqa.transitions import IllegalTransition
from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter, LetterTemplate
from panel.pdf import format_letter_date
from panel.refusals import (
    LetterAlreadySigned,
    LetterChangedMeanwhile,
    LetterChangedSinceRead,
    LetterNotRendered,
    LetterOutOfDate,
    LetterRefused,
    VerdictNotConfirmed,
)
from panel.services.corrections import start_correction
from panel.services.letter_files import LetterAltered, LetterNotReady, open_letter
from panel.services.letters import (
    content_digest,
    draft_letter,
    edit_letter,
    final_letter_pdf,
    issue_letter,
    return_letter,
    send_for_signing,
    sign_letter,
    withdraw_letter,
)
from panel.services.rendering import render_letter
from panel.services.readers import declare_conflict
from panel.services.verdicts import change_verdict, confirm_verdict, record_verdict
from panel.signing import validate_signature
from submissions.enums import SubmissionStatus
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory, VerdictFactory, outcome
from tests.panel.scenario import (
    COMMENDATION,
    ISSUES,
    LETTER_DATE,
    MEETING_DATE,
    NATIONAL_RESPONSES,
    audit_trail,
    pdf_text,
    responses,
)


def stored_bytes(field_file):
    with field_file.open("rb") as file:
        return file.read()


def queued_emails(callbacks):
    """(template, to) of each e-mail queued in `callbacks`."""
    return [(call.keywords["template"], call.keywords["to"]) for call in callbacks if hasattr(call, "keywords")]


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
    assert audit_trail(letter)[0] == (secretariat.pk, AuditAction.LETTER_DRAFTED,
                                      {"template": "Adequate or inadequate letter (2014 layout) (version 1)",
                                       "version": 1, "verdict_revision": 1})


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


def test_draft_letter_after_signing_refused(signed, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(LetterAlreadySigned, match="^This verdict already has a signed letter: correct it instead$"):
            draft_letter(verdict=signed.verdict, drafted_by=secretariat)

    assert callbacks == []
    assert list(Letter.objects.values_list("pk", flat=True)) == [signed.pk]


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
    assert audit_trail(letter)[1:] == [(None, AuditAction.LETTER_RENDERED, {"bytes": len(pdf), "attempt": 1})]


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
        (None, AuditAction.LETTER_RENDER_FAILED, {"error": "ValueError: Letter block 0 has unknown kind 'table'",
                                                  "attempt": 1}),
    ]


# edit_letter


def test_edit_letter_saves_changes_and_asks_for_a_new_pdf(rendered_draft, secretariat,
                                                          django_capture_on_commit_callbacks):
    content = {**rendered_draft.content, "salutation": "Dear Councillor Hill,"}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edit_letter(letter=rendered_draft, edited_by=secretariat, content=content)

    rendered_draft.refresh_from_db()
    assert (rendered_draft.content["salutation"], rendered_draft.render_status) == (
        "Dear Councillor Hill,", RenderStatus.QUEUED)
    assert len(callbacks) == 1
    assert audit_trail(rendered_draft)[-1] == (secretariat.pk, AuditAction.LETTER_EDITED, {"changed": ["salutation"]})


def test_edit_letter_with_the_chair_refused(sent, secretariat):
    with pytest.raises(LetterRefused, match="^Only a draft letter can be changed: ask the chair to send it back first$"):
        edit_letter(letter=sent, edited_by=secretariat, content={**sent.content, "salutation": "Dear all,"})

    sent.refresh_from_db()
    assert sent.content["salutation"] == "Dear Dana Contact,"


# send_for_signing and return_letter


def test_send_for_signing_marks_it_with_the_chair_and_emails_them(rendered_draft, secretariat, chair,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        letter = send_for_signing(letter=rendered_draft, sent_by=secretariat)

    assert (letter.status, letter.sent_for_signing_by) == (LetterStatus.AWAITING_SIGNATURE, secretariat)
    assert queued_emails(callbacks) == [("letter_to_sign", chair.email)]
    assert audit_trail(letter)[-1] == (secretariat.pk, AuditAction.LETTER_SENT_FOR_SIGNING, {})


def test_send_for_signing_before_the_pdf_is_ready_refused(draft, secretariat):
    with pytest.raises(LetterNotRendered, match="^The draft must be ready before it goes to the chair$"):
        send_for_signing(letter=draft, sent_by=secretariat)

    draft.refresh_from_db()
    assert draft.status == LetterStatus.DRAFT


def test_draft_letter_again_recomposes_the_open_draft_in_place(rendered_draft, secretariat,
                                                              django_capture_on_commit_callbacks):
    edit_letter(letter=rendered_draft, edited_by=secretariat,
                content={**rendered_draft.content, "salutation": "Dear Chair of the CSP,"})

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = draft_letter(verdict=rendered_draft.verdict, drafted_by=secretariat, letter_date=LETTER_DATE)

    assert len(callbacks) == 1
    assert again.pk == rendered_draft.pk
    assert (again.content["salutation"], again.render_status) == ("Dear Dana Contact,", RenderStatus.QUEUED)
    assert Letter.objects.count() == 1


def test_draft_letter_while_with_the_chair_refused(sent, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(LetterRefused, match="^The letter is with the chair: take it back before drafting it again$"):
            draft_letter(verdict=sent.verdict, drafted_by=secretariat)

    assert callbacks == []
    assert list(Letter.objects.values_list("pk", "status")) == [(sent.pk, LetterStatus.AWAITING_SIGNATURE)]


def test_second_open_letter_for_a_verdict_refused_by_the_database(rendered_draft):
    with pytest.raises(IntegrityError, match="one_open_letter_per_verdict"), transaction.atomic():
        Letter.objects.create(verdict=rendered_draft.verdict, version=2, template=rendered_draft.template,
                              content=rendered_draft.content, letter_date=LETTER_DATE,
                              drafted_by=rendered_draft.drafted_by)

    assert Letter.objects.count() == 1


def test_send_for_signing_after_the_verdict_changed_refused(rendered_draft, secretariat, chair):
    verdict = rendered_draft.verdict
    change_verdict(verdict=verdict, changed_by=chair, reason="The Panel misread section 4.", outcome="inadequate",
                   commendation="", issues=["Rewrite section 4."],
                   national_responses=responses(verdict.agenda_item.submission))

    with pytest.raises(LetterOutOfDate, match="^The verdict has changed since this letter was drafted: draft it again$"):
        send_for_signing(letter=rendered_draft, sent_by=secretariat)

    rendered_draft.refresh_from_db()
    assert rendered_draft.status == LetterStatus.DRAFT


def test_send_for_signing_when_the_chair_is_conflicted_refused(rendered_draft, secretariat, chair):
    declare_conflict(review=rendered_draft.verdict.agenda_item.submission.review, member=chair, kind="personal",
                     reason="A neighbour.")

    with pytest.raises(LetterRefused, match="declared a conflict of interest with this review"):
        send_for_signing(letter=rendered_draft, sent_by=secretariat)

    rendered_draft.refresh_from_db()
    assert rendered_draft.status == LetterStatus.DRAFT


def test_edit_letter_changed_by_someone_else_meanwhile_refused(rendered_draft, secretariat):
    read = content_digest(rendered_draft.content)
    edit_letter(letter=rendered_draft, edited_by=secretariat,
                content={**rendered_draft.content, "salutation": "Dear first editor,"}, based_on=read)

    with pytest.raises(LetterChangedMeanwhile, match="^Someone changed this draft while you were editing it"):
        edit_letter(letter=rendered_draft, edited_by=secretariat,
                    content={**rendered_draft.content, "salutation": "Dear second editor,"}, based_on=read)

    rendered_draft.refresh_from_db()
    assert rendered_draft.content["salutation"] == "Dear first editor,"


def test_withdraw_letter_takes_it_back_from_the_chair_as_a_draft(sent, secretariat):
    letter = withdraw_letter(letter=sent, withdrawn_by=secretariat)

    assert letter.status == LetterStatus.DRAFT
    assert audit_trail(letter)[-1] == (secretariat.pk, AuditAction.LETTER_WITHDRAWN, {})


def test_withdraw_letter_not_with_the_chair_refused(rendered_draft, secretariat):
    with pytest.raises(LetterRefused, match="^Only a letter with the chair can be taken back$"):
        withdraw_letter(letter=rendered_draft, withdrawn_by=secretariat)

    assert AuditEvent.objects.filter(action=AuditAction.LETTER_WITHDRAWN).count() == 0


def test_return_letter_makes_it_a_draft_with_the_comment_and_emails_the_sender(
        sent, chair, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        letter = return_letter(letter=sent, returned_by=chair, comment="  Soften the second issue.  ")

    assert (letter.status, letter.returned_comment) == (LetterStatus.DRAFT, "Soften the second issue.")
    assert queued_emails(callbacks) == [("letter_returned", secretariat.email)]
    # The comment may quote the casework: it stays in the service.
    assert [call for call in callbacks if "Soften" in repr(getattr(call, "keywords", ""))] == []
    assert audit_trail(letter)[-1] == (chair.pk, AuditAction.LETTER_RETURNED, {"comment": "Soften the second issue."})


def test_return_letter_without_a_comment_refused(sent, chair):
    with pytest.raises(LetterRefused, match="^Say what should change before sending the letter back$"):
        return_letter(letter=sent, returned_by=chair, comment="   ")

    sent.refresh_from_db()
    assert sent.status == LetterStatus.AWAITING_SIGNATURE


# sign_letter


def test_sign_letter_stores_signed_pdf_dated_today(sent, chair, signing_certificate):
    today = timezone.localdate()
    assert sent.letter_date == LETTER_DATE != today

    letter = sign_letter(letter=sent, signed_by=chair)

    letter.refresh_from_db()
    assert (letter.status, letter.signed_by, letter.letter_date) == (LetterStatus.SIGNED, chair, today)
    assert letter.signed_at is not None
    signed = stored_bytes(letter.signed_pdf)
    assert letter.signed_pdf_sha256 == hashlib.sha256(signed).hexdigest()
    assert validate_signature(signed, trust_cert_path=settings.DHRQA_SIGNING_CERT_PATH).ok is True
    text = pdf_text(signed)
    assert f"{format_letter_date(today)} Dear Dana Contact," in text
    assert f"Yours sincerely, {chair.full_name} Chair of the Home Office DHR Quality Assurance Panel" in text
    assert "DRAFT" not in text
    assert "Awaiting the chair's signature" not in text
    assert audit_trail(letter)[-1] == (chair.pk, AuditAction.LETTER_SIGNED, {"sha256": letter.signed_pdf_sha256,
                                                                             "version": 1})


def test_sign_letter_seals_the_words_the_chair_read_not_the_verdict_as_it_is_now(sent, chair, signing_certificate):
    preview = pdf_text(final_letter_pdf(sent))
    # The verdict changes after the chair was sent the letter: what is signed is what they read.
    sent.verdict.issues.update(text="A different issue altogether.")

    letter = sign_letter(letter=sent, signed_by=chair)

    text = pdf_text(stored_bytes(letter.signed_pdf))
    assert text == preview
    assert "A different issue altogether." not in text


def test_sign_letter_not_sent_to_the_chair_refused(rendered_draft, chair, signing_certificate):
    with pytest.raises(LetterRefused, match="^Only a letter sent to you to sign can be signed$"):
        sign_letter(letter=rendered_draft, signed_by=chair)

    rendered_draft.refresh_from_db()
    assert (rendered_draft.status, rendered_draft.signed_pdf.name) == (LetterStatus.DRAFT, "")
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_SIGNED).count() == 0


def test_sign_letter_twice_refused(signed, chair):
    with pytest.raises(LetterRefused, match="^Only a letter sent to you to sign can be signed$"):
        sign_letter(letter=signed, signed_by=chair)

    signed_again = Letter.objects.get(pk=signed.pk)
    assert (signed_again.signed_pdf.name, signed_again.signed_pdf_sha256) == (
        signed.signed_pdf.name, signed.signed_pdf_sha256)
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_SIGNED).count() == 1


def test_sign_letter_changed_since_the_chair_opened_it_refused(sent, secretariat, chair, signing_certificate):
    read = content_digest(sent.content)
    withdraw_letter(letter=sent, withdrawn_by=secretariat)
    edit_letter(letter=sent, edited_by=secretariat, content={**sent.content, "salutation": "Dear someone else,"})
    letter = render_letter(sent.pk)
    send_for_signing(letter=letter, sent_by=secretariat)

    with pytest.raises(LetterChangedSinceRead, match="^The letter changed after you opened it: read it again"):
        sign_letter(letter=letter, signed_by=chair, read=read)

    letter.refresh_from_db()
    assert (letter.status, letter.signed_pdf.name) == (LetterStatus.AWAITING_SIGNATURE, "")


def test_draft_letter_in_a_later_year_names_the_meetings_year_and_signing_keeps_it(
        chair, secretariat, signing_certificate, django_capture_on_commit_callbacks):
    # In the adequate / inadequate years, whose letters name the meeting's month.
    meeting = MeetingFactory(date=datetime.date(2015, 12, 1), chair=chair, held=True)
    item = AgendaItemFactory(meeting=meeting, submission__documents=False)
    verdict = record_verdict(agenda_item=item, recorded_by=chair, outcome="adequate",
                             commendation="", issues=[], national_responses=[])
    confirm_verdict(verdict=verdict, confirmed_by=chair)
    with django_capture_on_commit_callbacks(execute=False):
        draft = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=datetime.date(2016, 1, 6))
    render_letter(draft.pk)
    with django_capture_on_commit_callbacks(execute=False):
        send_for_signing(letter=draft, sent_by=secretariat)

    signed = sign_letter(letter=draft, signed_by=chair)

    # Drafted in the year after the meeting: the month needs its year, in the words the chair signed.
    assert signed.content["blocks"][0]["text"].endswith("meeting in December 2015.")
    assert "meeting in December 2015." in pdf_text(stored_bytes(signed.signed_pdf))


# The database keeps a signed letter as signed


@pytest.mark.parametrize(("field", "value"), [
    ("content", {"salutation": "Dear Forger,"}), ("signed_pdf_sha256", "0" * 64), ("signed_pdf", "letters/other.pdf"),
    ("letter_date", datetime.date(2020, 1, 1)), ("status", LetterStatus.DRAFT),
    ("status", LetterStatus.AWAITING_SIGNATURE), ("correction_reason", "Forged"), ("verdict_revision", 9),
])
def test_signed_letter_changed_in_the_database_refused(field, value, signed):
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        Letter.objects.filter(pk=signed.pk).update(**{field: value})

    assert Letter.objects.filter(pk=signed.pk, signed_pdf_sha256=signed.signed_pdf_sha256,
                                 status=LetterStatus.SIGNED).exists()


def test_issued_letter_issue_time_changed_in_the_database_refused(signed, secretariat):
    issued = issue_letter(letter=signed, issued_by=secretariat)

    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        Letter.objects.filter(pk=issued.pk).update(issued_at=issued.issued_at - datetime.timedelta(days=30))

    assert Letter.objects.get(pk=issued.pk).issued_at == issued.issued_at


def test_signed_letter_deleted_in_the_database_refused(signed):
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        Letter.objects.filter(pk=signed.pk).delete()

    assert Letter.objects.filter(pk=signed.pk).exists()


# issue_letter


def test_issue_letter_draft_refused(rendered_draft, secretariat):
    with pytest.raises(LetterRefused, match="^Only a signed letter that has not been issued can be issued$"):
        issue_letter(letter=rendered_draft, issued_by=secretariat)

    rendered_draft.refresh_from_db()
    assert (rendered_draft.status, rendered_draft.issued_at) == (LetterStatus.DRAFT, None)
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_ISSUED).count() == 0


def test_issue_letter_records_issue_and_emails_the_csp_a_link(signed, secretariat, django_capture_on_commit_callbacks):
    csp = signed.verdict.agenda_item.submission.review.csp
    UserFactory(csp_officer=True, csp=csp)
    officers = sorted(csp.officers.filter(is_active=True).values_list("email", flat=True))
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issue_letter(letter=signed, issued_by=secretariat)

    letter = Letter.objects.get(pk=signed.pk)
    assert (letter.status, letter.issued_by) == (LetterStatus.ISSUED, secretariat)
    assert before <= letter.issued_at <= timezone.now()
    assert len(officers) >= 2
    assert sorted(to for template, to in queued_emails(callbacks) if template == "letter_issued") == officers
    assert audit_trail(letter)[-1] == (secretariat.pk, AuditAction.LETTER_ISSUED, {
        "sha256": signed.signed_pdf_sha256, "version": 1, "letter_version": 1})


def test_issue_letter_twice_refused(signed, secretariat):
    issued = issue_letter(letter=signed, issued_by=secretariat)

    with pytest.raises(LetterRefused, match="^Only a signed letter that has not been issued can be issued$"):
        issue_letter(letter=issued, issued_by=secretariat)

    assert Letter.objects.get(pk=issued.pk).issued_at == issued.issued_at
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_ISSUED).count() == 1


# Corrections


def test_correction_signed_supersedes_the_issued_letter(signed, secretariat, chair,
                                                         django_capture_on_commit_callbacks):
    issued = issue_letter(letter=signed, issued_by=secretariat)
    with django_capture_on_commit_callbacks(execute=False):
        correction = start_correction(letter=issued, started_by=secretariat, reason="The CSP's name was misspelt.")
    render_letter(correction.pk)
    with django_capture_on_commit_callbacks(execute=False):
        send_for_signing(letter=correction, sent_by=secretariat)

    sign_letter(letter=correction, signed_by=chair)

    statuses = dict(Letter.objects.values_list("version", "status"))
    assert statuses == {1: LetterStatus.SUPERSEDED, 2: LetterStatus.SIGNED}
    old = Letter.objects.get(pk=issued.pk)
    assert (old.signed_pdf_sha256, old.download_name) == (
        issued.signed_pdf_sha256, f"{issued.content['reference']}-qa-panel-letter-v1-superseded.pdf")
    assert audit_trail(old)[-1] == (chair.pk, AuditAction.LETTER_SUPERSEDED, {
        "by_version": 2, "reason": "The CSP's name was misspelt."})


def test_correction_without_a_reason_refused(signed, secretariat):
    with pytest.raises(LetterRefused, match="^Enter the reason for the correction$"):
        start_correction(letter=signed, started_by=secretariat, reason=" ")

    assert Letter.objects.count() == 1


def test_correction_of_a_draft_refused(rendered_draft, secretariat):
    with pytest.raises(LetterRefused, match="^Only a signed or issued letter can be corrected$"):
        start_correction(letter=rendered_draft, started_by=secretariat, reason="A typo.")


def test_correction_issued_leaves_the_csps_version_alone(signed, secretariat, chair,
                                                         django_capture_on_commit_callbacks):
    issue_letter(letter=signed, issued_by=secretariat)
    submission = signed.verdict.agenda_item.submission
    submission.refresh_from_db()
    status = submission.status
    with django_capture_on_commit_callbacks(execute=False):
        correction = start_correction(letter=signed, started_by=secretariat, reason="A typo.")
    render_letter(correction.pk)
    with django_capture_on_commit_callbacks(execute=False):
        send_for_signing(letter=correction, sent_by=secretariat)
    sign_letter(letter=correction, signed_by=chair)

    issue_letter(letter=correction, issued_by=secretariat)

    submission.refresh_from_db()
    assert submission.status == status


# open_letter


def test_open_letter_draft_returns_draft_and_records_download(rendered_draft, panel_member):
    with open_letter(letter=rendered_draft, user=panel_member) as opened:
        assert opened.read() == stored_bytes(rendered_draft.draft_pdf)

    assert audit_trail(rendered_draft)[-1] == (panel_member.pk, AuditAction.LETTER_DOWNLOADED, {"signed": False})


def test_open_letter_signed_returns_signed_pdf_and_records_download(signed, panel_member):
    with open_letter(letter=signed, user=panel_member) as opened:
        assert opened.read() == stored_bytes(signed.signed_pdf)

    assert audit_trail(signed)[-1] == (panel_member.pk, AuditAction.LETTER_DOWNLOADED, {"signed": True})


def test_open_letter_signed_file_altered_in_storage_refused_and_recorded(signed, panel_member):
    with signed.signed_pdf.open("r+b") as stored:
        stored.seek(200)
        stored.write(b"X")

    with pytest.raises(LetterAltered):
        open_letter(letter=signed, user=panel_member)

    actions = [action for _, action, _ in audit_trail(signed)]
    assert actions[-1] == AuditAction.LETTER_INTEGRITY_FAILED
    assert AuditAction.LETTER_DOWNLOADED not in actions


def test_open_letter_csps_first_download_of_the_issued_letter_recorded_once(signed, secretariat):
    issued = issue_letter(letter=signed, issued_by=secretariat)
    officer = UserFactory(csp_officer=True, csp=issued.verdict.agenda_item.submission.review.csp)

    open_letter(letter=issued, user=secretariat).close()
    assert Letter.objects.get(pk=issued.pk).first_downloaded_at is None
    open_letter(letter=issued, user=officer).close()
    first = Letter.objects.get(pk=issued.pk).first_downloaded_at
    open_letter(letter=issued, user=officer).close()

    assert first is not None
    assert Letter.objects.get(pk=issued.pk).first_downloaded_at == first


def test_open_letter_before_render_refused_and_records_nothing(draft, panel_member):
    with pytest.raises(LetterNotReady, match="^The letter has not been rendered yet$"):
        open_letter(letter=draft, user=panel_member)

    assert AuditEvent.objects.filter(action=AuditAction.LETTER_DOWNLOADED).count() == 0
