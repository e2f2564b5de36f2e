"""The pre-screen of a version: computing its findings in the background, and the CSP considering them."""

import hashlib
import json
import logging

from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from submissions.enums import PersonRole, PrescreenStatus, SubmissionStatus, TextStatus
from submissions.models import Document, LexiconEntry, Prescreen, PrescreenFinding, Submission
from submissions.prescreen import LexiconPhrase, Source, run_checks
from submissions.services.status import locked
from submissions.services.versions import locked_draft

logger = logging.getLogger(__name__)
NOT_A_DRAFT = "This version has been sent: its pre-screen can no longer be changed"
GONE = "That finding is no longer there: the pre-screen ran again after a change. These are its findings now"


def request_prescreen(submission):
    """Mark the version's pre-screen as being checked and, once committed, queue the check."""
    from submissions.tasks import prescreen_task

    Prescreen.objects.update_or_create(
        submission=submission, defaults={"progress": PrescreenStatus.QUEUED, "requested_at": clock.now()})
    transaction.on_commit(lambda: prescreen_task.delay(submission_id=submission.pk), robust=True)


def request_prescreens_for_text(stored_file):
    """Queue the pre-screen of every version that holds the stored file, once its text is read (or failed)."""
    for submission in Submission.objects.filter(documents__stored_file=stored_file).distinct():
        request_prescreen(submission)


def request_prescreens_of_drafts():
    """Queue the pre-screen of every draft: the lexicon changed, and drafts are still being prepared."""
    for submission in Submission.objects.filter(status=SubmissionStatus.DRAFT):
        request_prescreen(submission)


def active_lexicon():
    return [LexiconPhrase(entry.phrase, entry.reason, entry.better, entry.inflect)
            for entry in LexiconEntry.objects.filter(retired_at__isnull=True).order_by("phrase", "pk")]


def _words(quote):
    return " ".join(quote.lower().split())


def finding_key(finding, occurrence):
    """The same finding in another run of the checks: what matched, in which document, in which words."""
    raw = json.dumps([finding.check, finding.document_kind, finding.document_name, finding.rule,
                      _words(finding.quote), occurrence])
    return hashlib.sha256(raw.encode()).hexdigest()


def run_prescreen(submission_id):
    """Compute a version's pre-screen findings (the worker runs this); running it twice changes nothing.

    1. Lock the version's pre-screen. While any document's text is still being
       read, mark it waiting: the extraction asks for it again when done.
    2. Run the checks on the documents' text with the lexicon in force, the
       review's pseudonyms and the action plan's recommendation numbers.
    3. If these inputs are those the findings came from, stop. Otherwise
       replace the findings, keeping "considered" on those found again, and
       write the audit event with the counts.
    4. If anything breaks, log it and mark the pre-screen failed: the CSP and
       the readers see it could not be checked, and the version's next change
       asks for it again.
    """
    try:
        return _run_prescreen(submission_id)
    except Exception:  # noqa: BLE001 - logged in full; left queued, the page would say "Checking" for good
        logger.exception("The pre-screen of submission %s failed", submission_id)
        Prescreen.objects.filter(submission_id=submission_id).update(progress=PrescreenStatus.FAILED)
        return Prescreen.objects.filter(submission_id=submission_id).first()


def _run_prescreen(submission_id):
    with transaction.atomic():
        # The version first, as consider_finding and reopen_finding lock it: a finding considered while
        # the findings are replaced would otherwise be read open and saved open.
        submission = locked(Submission(pk=submission_id))
        prescreen, _ = Prescreen.objects.get_or_create(submission=submission)
        prescreen = Prescreen.objects.select_for_update().get(pk=prescreen.pk)
        documents = list(Document.objects.filter(submission=submission)
                         .select_related("stored_file__extracted_text").order_by("kind", "added_at", "pk"))
        if any(document.stored_file.text_status == TextStatus.PENDING for document in documents):
            prescreen.progress = PrescreenStatus.WAITING
            prescreen.save(update_fields=["progress"])
            return prescreen
        sources = [
            Source(kind=document.kind, name=document.original_name, text=document.stored_file.extracted_text.text,
                   page_starts=tuple(document.stored_file.extracted_text.page_starts))
            for document in documents if document.stored_file.text_status == TextStatus.DONE
        ]
        unreadable = [(document.kind, document.original_name) for document in documents
                      if document.stored_file.text_status == TextStatus.FAILED]
        lexicon = active_lexicon()
        pseudonyms = sorted(submission.review.people.values_list("pseudonym", flat=True))
        perpetrators = sorted(submission.review.people.filter(role=PersonRole.PERPETRATOR)
                              .values_list("pseudonym", flat=True))
        plan = list(submission.recommendations.order_by("position").values_list("number", flat=True))
        inputs = hashlib.sha256(json.dumps([
            [(source.kind, source.name, source.text, source.page_starts) for source in sources],
            [(entry.phrase, entry.inflect, entry.reason, entry.better) for entry in lexicon], pseudonyms, plan,
            unreadable, perpetrators,
        ]).encode()).hexdigest()
        if prescreen.inputs == inputs and prescreen.progress == PrescreenStatus.DONE:
            return prescreen
        _replace_findings(submission, run_checks(sources, lexicon=lexicon, pseudonyms=pseudonyms,
                                                 action_plan=plan if submission.review.is_review else None,
                                                 unreadable=unreadable, perpetrators=perpetrators))
        prescreen.progress, prescreen.inputs, prescreen.checked_at = PrescreenStatus.DONE, inputs, clock.now()
        prescreen.save(update_fields=["progress", "inputs", "checked_at"])
        findings = submission.prescreen_findings.all()
        record(None, AuditAction.PRESCREEN_CHECKED, submission, review=submission.review,
               version=submission.number, findings=findings.count(),
               open=findings.filter(considered_at__isnull=True).count())
    return prescreen


def _replace_findings(submission, found):
    kept = {finding.key: finding for finding in submission.prescreen_findings.all()}
    occurrences, rows = {}, []
    for position, finding in enumerate(found):
        # Counted on the words the key is made of: "Call 0770…" and "call 0770…" are two occurrences.
        base = (finding.check, finding.document_kind, finding.document_name, finding.rule, _words(finding.quote))
        occurrences[base] = occurrences.get(base, 0) + 1
        key = finding_key(finding, occurrences[base])
        earlier = kept.get(key)
        rows.append(PrescreenFinding(
            submission=submission, position=position, check_name=finding.check,
            document_kind=finding.document_kind, document_name=finding.document_name[:255], page=finding.page,
            paragraph=finding.paragraph[:20], quote=finding.quote, message=finding.message,
            rule=finding.rule[:120], key=key,
            considered_reason=earlier.considered_reason if earlier else "",
            considered_by_id=earlier.considered_by_id if earlier else None,
            considered_at=earlier.considered_at if earlier else None,
        ))
    submission.prescreen_findings.all().delete()
    PrescreenFinding.objects.bulk_create(rows)


def _locked_finding(finding, submission):
    # A run of the pre-screen replaces the findings: the one the CSP saw may be gone.
    try:
        return PrescreenFinding.objects.select_for_update().get(pk=finding.pk, submission=submission)
    except PrescreenFinding.DoesNotExist:
        raise IllegalTransition(GONE) from None


def consider_finding(*, finding, reason, considered_by):
    """Mark a finding of a draft "considered, no change", with the CSP's reason, and audit it."""
    reason = reason.strip()
    if not reason:
        raise IllegalTransition("Enter why no change is needed")
    with transaction.atomic():
        submission = locked_draft(finding.submission, NOT_A_DRAFT)
        finding = _locked_finding(finding, submission)
        finding.considered_reason, finding.considered_by, finding.considered_at = reason, considered_by, clock.now()
        finding.save(update_fields=["considered_reason", "considered_by", "considered_at"])
        record(considered_by, AuditAction.PRESCREEN_FINDING_CONSIDERED, finding, review=submission.review,
               version=submission.number, check=finding.check_name, reason=reason)
    return finding


def reopen_finding(*, finding, reopened_by):
    """Undo "considered, no change" on a finding of a draft, and audit it."""
    with transaction.atomic():
        submission = locked_draft(finding.submission, NOT_A_DRAFT)
        finding = _locked_finding(finding, submission)
        if finding.considered_at is None:
            return finding
        reason = finding.considered_reason
        finding.considered_reason, finding.considered_by, finding.considered_at = "", None, None
        finding.save(update_fields=["considered_reason", "considered_by", "considered_at"])
        record(reopened_by, AuditAction.PRESCREEN_FINDING_REOPENED, finding, review=submission.review,
               version=submission.number, check=finding.check_name, reason_was=reason)
    return finding
