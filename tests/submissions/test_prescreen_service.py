"""The pre-screen of a version: computed from its documents' text, recomputed when they change, considered."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from dhrqa.transitions import IllegalTransition
from submissions.enums import DocumentKind, PrescreenStatus, SubmissionStatus, TextStatus
from submissions.inspection import inspect_upload
from submissions.models import ExtractedText, Prescreen, PrescreenFinding
from submissions.services.documents import add_document, extract_document_text, remove_document
from submissions.services.prescreen import GONE, consider_finding, reopen_finding, run_prescreen
from tests.factories import SubmissionFactory, docx_bytes
from tests.submissions.prescreen_data import REPORT, checked_draft, replace_in_report, with_text

pytestmark = pytest.mark.django_db


def found(submission):
    return [(f.check_name, f.rule, f.page, f.paragraph)
            for f in PrescreenFinding.objects.filter(submission=submission).order_by("position")]


def test_run_prescreen_stores_each_finding_with_where_it_is():
    draft = checked_draft()

    assert found(draft)[:2] == [("language", "volatile ... relationship", 2, "2.1"),
                                ("language", "failed to engage", 2, "2.2")]
    assert [rule for check, rule, _, _ in found(draft) if check == "sections"][:3] == [
        "Timescales", "Confidentiality", "Terms of reference"]
    assert Prescreen.objects.get(submission=draft).progress == PrescreenStatus.DONE
    assert AuditEvent.objects.filter(action=AuditAction.PRESCREEN_CHECKED, object_id=str(draft.pk)).count() == 1


def test_run_prescreen_twice_changes_nothing():
    draft = checked_draft()
    before = list(PrescreenFinding.objects.filter(submission=draft).values_list("pk", flat=True))

    run_prescreen(draft.pk)

    assert list(PrescreenFinding.objects.filter(submission=draft).values_list("pk", flat=True)) == before
    assert AuditEvent.objects.filter(action=AuditAction.PRESCREEN_CHECKED, object_id=str(draft.pk)).count() == 1


def test_run_prescreen_waits_while_a_document_text_is_read():
    draft = SubmissionFactory(status=SubmissionStatus.DRAFT, documents=False)
    with_text(draft, DocumentKind.OVERVIEW_REPORT, REPORT)
    pending = with_text(draft, DocumentKind.EXECUTIVE_SUMMARY, "Summary")
    pending.stored_file.text_status = TextStatus.PENDING
    pending.stored_file.save()

    run_prescreen(draft.pk)

    assert (Prescreen.objects.get(submission=draft).progress, found(draft)) == (PrescreenStatus.WAITING, [])


def test_considered_finding_survives_recomputation_with_other_text():
    draft = checked_draft()
    finding = PrescreenFinding.objects.get(submission=draft, rule="failed to engage")
    consider_finding(finding=finding, reason="Quoted from the GP's record.", considered_by=draft.created_by)
    text = ExtractedText.objects.get(stored_file__documents__submission=draft,
                                     stored_file__documents__kind=DocumentKind.OVERVIEW_REPORT)
    text.text = text.text.replace("volatile relationship", "abusive relationship")
    text.save()

    run_prescreen(draft.pk)

    kept = PrescreenFinding.objects.get(submission=draft, rule="failed to engage")
    assert (kept.considered_reason, kept.considered_by) == ("Quoted from the GP's record.", draft.created_by)
    assert not PrescreenFinding.objects.filter(submission=draft, rule="volatile ... relationship").exists()


def test_consider_and_reopen_are_audited():
    draft = checked_draft()
    finding = PrescreenFinding.objects.get(submission=draft, rule="failed to engage")

    consider_finding(finding=finding, reason="  Quoted.  ", considered_by=draft.created_by)
    reopen_finding(finding=finding, reopened_by=draft.created_by)

    finding.refresh_from_db()
    assert (finding.is_open, finding.considered_reason) == (True, "")
    events = AuditEvent.objects.filter(object_id=str(finding.pk)).order_by("pk")
    assert [(e.action, e.detail.get("reason"), e.detail.get("reason_was")) for e in events] == [
        (AuditAction.PRESCREEN_FINDING_CONSIDERED, "Quoted.", None),
        (AuditAction.PRESCREEN_FINDING_REOPENED, None, "Quoted."),
    ]


def test_consider_refused_without_reason_or_once_sent():
    draft = checked_draft()
    finding = PrescreenFinding.objects.get(submission=draft, rule="failed to engage")

    with pytest.raises(IllegalTransition, match="Enter why no change is needed"):
        consider_finding(finding=finding, reason="   ", considered_by=draft.created_by)
    draft.status = SubmissionStatus.SUBMITTED
    draft.submitted_at, draft.submitted_by = draft.created_at, draft.created_by
    draft.declaration_at = draft.created_at
    draft.save()
    with pytest.raises(IllegalTransition, match="can no longer be changed"):
        consider_finding(finding=finding, reason="Quoted.", considered_by=draft.created_by)
    assert PrescreenFinding.objects.get(pk=finding.pk).is_open


def test_document_added_extracted_and_removed_asks_for_the_prescreen(django_capture_on_commit_callbacks):
    draft = SubmissionFactory(status=SubmissionStatus.DRAFT, documents=False)
    content = docx_bytes("Louise failed to engage with the GP.")
    uploaded = SimpleUploadedFile("report.docx", content)
    inspected = inspect_upload(uploaded, kind=DocumentKind.OVERVIEW_REPORT)
    uploaded.seek(0)
    with django_capture_on_commit_callbacks(execute=False):
        document = add_document(submission=draft, kind=DocumentKind.OVERVIEW_REPORT, uploaded=uploaded,
                                inspected=inspected, name="report.docx", added_by=draft.created_by)
    assert Prescreen.objects.get(submission=draft).progress == PrescreenStatus.QUEUED
    run_prescreen(draft.pk)
    assert Prescreen.objects.get(submission=draft).progress == PrescreenStatus.WAITING

    with django_capture_on_commit_callbacks(execute=False):
        extract_document_text(document.stored_file_id)
    run_prescreen(draft.pk)
    assert [rule for check, rule, _, _ in found(draft) if check == "language"] == ["failed to engage"]

    with django_capture_on_commit_callbacks(execute=False):
        remove_document(document=document, removed_by=draft.created_by)
    run_prescreen(draft.pk)
    assert (Prescreen.objects.get(submission=draft).progress, found(draft)) == (PrescreenStatus.DONE, [])


def test_same_passage_twice_in_another_case_is_two_findings_and_the_check_finishes():
    # Counted on the quote as written, both had one key: the insert broke the unique key, "Checking" for good.
    draft = checked_draft("Call 07700 900123 now. call 07700 900123 now.")

    phones = PrescreenFinding.objects.filter(submission=draft, rule="phone").order_by("position")
    assert [finding.quote for finding in phones] == ["Call 07700 900123 now.", "call 07700 900123 now."]
    assert Prescreen.objects.get(submission=draft).progress == PrescreenStatus.DONE


def test_run_that_breaks_is_marked_failed_and_the_next_change_checks_again(django_capture_on_commit_callbacks):
    draft = checked_draft()
    before = found(draft)
    with connection.cursor() as cursor:  # the database refuses the findings, as a full disk would
        cursor.execute("CREATE FUNCTION refuse_findings() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN RAISE EXCEPTION 'could not extend file'; END $$")
        cursor.execute("CREATE TRIGGER refuse_findings BEFORE INSERT ON submissions_prescreenfinding "
                       "FOR EACH ROW EXECUTE FUNCTION refuse_findings()")
    replace_in_report(draft, "volatile relationship", "abusive relationship")

    run_prescreen(draft.pk)

    assert (Prescreen.objects.get(submission=draft).progress, found(draft)) == (PrescreenStatus.FAILED, before)
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_findings ON submissions_prescreenfinding")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remove_document(document=draft.documents.get(kind=DocumentKind.ACTION_PLAN), removed_by=draft.created_by)
    assert (Prescreen.objects.get(submission=draft).progress, len(callbacks)) == (PrescreenStatus.QUEUED, 1)
    run_prescreen(draft.pk)
    assert Prescreen.objects.get(submission=draft).progress == PrescreenStatus.DONE
    assert ("language", "volatile ... relationship", 2, "2.1") not in found(draft)


def test_consider_a_finding_the_prescreen_replaced_meanwhile_is_refused():
    draft = checked_draft()
    seen = PrescreenFinding.objects.get(submission=draft, rule="failed to engage")
    replace_in_report(draft, "volatile relationship", "abusive relationship")
    run_prescreen(draft.pk)

    with pytest.raises(IllegalTransition) as refused:
        consider_finding(finding=seen, reason="Quoted.", considered_by=draft.created_by)

    assert str(refused.value) == GONE
    assert not AuditEvent.objects.filter(action=AuditAction.PRESCREEN_FINDING_CONSIDERED).exists()
    with pytest.raises(IllegalTransition):
        reopen_finding(finding=seen, reopened_by=draft.created_by)


def test_unreadable_document_is_a_finding_to_check_it_by_hand():
    draft = checked_draft()
    scanned = with_text(draft, DocumentKind.OTHER, "", name="Scanned letter.pdf")
    scanned.stored_file.text_status = TextStatus.FAILED
    scanned.stored_file.save()

    run_prescreen(draft.pk)

    first = PrescreenFinding.objects.filter(submission=draft).order_by("position").first()
    assert (first.check_name, first.document_name, first.quote, first.message) == (
        "unreadable", "Scanned letter.pdf", "",
        "The pre-screen could not read Scanned letter.pdf: check it by hand. The checks read a document's text, "
        "and a scanned document has none, so none of them looked at this one.")


def test_hostile_report_stores_two_hundred_findings_and_one_for_the_rest():
    draft = checked_draft("1.1 Tel 07700 900123\n" * 5000)

    phones = PrescreenFinding.objects.filter(submission=draft, check_name="identifiers").order_by("position")
    assert (phones.count(), phones.last().message.split(":")[0]) == (201, "And 4,800 more like these in this document")


def test_perpetrator_choosing_to_return_is_not_victim_blaming():
    # The factory's review has the perpetrator Neil; the victim is Louise.
    draft = checked_draft(REPORT.replace("2.2 Louise failed to engage with the IDVA.",
                                         "2.2 Neil chose to return to the house. Louise chose to return to him."))

    assert [rule for check, rule, _, _ in found(draft) if check == "language"] == [
        "volatile ... relationship", "chose to return"]
