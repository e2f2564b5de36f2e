from django.db import models


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SCHEDULED = "scheduled", "Scheduled for a meeting"
    DECIDED = "decided", "Verdict recorded"


# GOV.UK tag colours for each status.
SUBMISSION_STATUS_COLOURS = {
    SubmissionStatus.SUBMITTED: "blue",
    SubmissionStatus.SCHEDULED: "yellow",
    SubmissionStatus.DECIDED: "green",
}

# The only moves a submission may make. Services check against this table.
SUBMISSION_TRANSITIONS = {
    SubmissionStatus.SUBMITTED: {SubmissionStatus.SCHEDULED},
    SubmissionStatus.SCHEDULED: {SubmissionStatus.DECIDED},
    SubmissionStatus.DECIDED: set(),
}


class DocumentKind(models.TextChoices):
    OVERVIEW_REPORT = "overview_report", "Overview report"
    EXECUTIVE_SUMMARY = "executive_summary", "Executive summary"
    ACTION_PLAN = "action_plan", "Action plan"


# The documents every submission must carry.
REQUIRED_DOCUMENT_KINDS = (
    DocumentKind.OVERVIEW_REPORT,
    DocumentKind.EXECUTIVE_SUMMARY,
    DocumentKind.ACTION_PLAN,
)


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document (DOCX)"


FILE_TYPE_MEDIA_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
