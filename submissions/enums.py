from django.db import models

# Moved to dhrqa, so that a responder's account can name its body; re-exported for the code that imports it here.
from dhrqa.enums import NationalBody  # noqa: F401


class CaseKind(models.TextChoices):
    """What the CSP sends: a review, or its decision not to hold one."""

    REVIEW = "review", "Review"
    DECISION_NOT_TO_REVIEW = "not_to_review", "Decision not to review"


class ReviewType(models.TextChoices):
    DHR = "dhr", "Domestic Homicide Review (DHR)"
    DARDR = "dardr", "Domestic Abuse Related Death Review (DARDR)"
    JOINT_SAR = "joint_sar", "Joint review with a Safeguarding Adult Review (SAR)"
    JOINT_CSPR = "joint_cspr", "Joint review with a Child Safeguarding Practice Review (CSPR)"


class DeathType(models.TextChoices):
    HOMICIDE = "homicide", "Homicide"
    SUICIDE = "suicide", "Suicide"
    UNEXPECTED = "unexpected", "Unexpected death"


class Relationship(models.TextChoices):
    INTIMATE_PARTNER = "intimate_partner", "Intimate partner (current or former)"
    FAMILIAL = "familial", "Familial (a relative)"
    HOUSEHOLD = "household", "Member of the same household"


class PersonRole(models.TextChoices):
    VICTIM = "victim", "Victim"
    PERPETRATOR = "perpetrator", "Perpetrator"


class AgeBand(models.TextChoices):
    UNDER_18 = "16_17", "16 to 17"
    AGE_18_24 = "18_24", "18 to 24"
    AGE_25_34 = "25_34", "25 to 34"
    AGE_35_44 = "35_44", "35 to 44"
    AGE_45_54 = "45_54", "45 to 54"
    AGE_55_64 = "55_64", "55 to 64"
    AGE_65_74 = "65_74", "65 to 74"
    AGE_75_PLUS = "75_plus", "75 or over"
    NOT_KNOWN = "not_known", "Not known"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"


class Ethnicity(models.TextChoices):
    """The five high-level groups of the 2021 Census for England and Wales."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Another ethnic group"
    NOT_KNOWN = "not_known", "Not known"


class PoliceForceArea(models.TextChoices):
    """The 43 territorial police forces of England and Wales, where DHRs are held."""

    AVON_AND_SOMERSET = "avon_and_somerset", "Avon and Somerset"
    BEDFORDSHIRE = "bedfordshire", "Bedfordshire"
    CAMBRIDGESHIRE = "cambridgeshire", "Cambridgeshire"
    CHESHIRE = "cheshire", "Cheshire"
    CITY_OF_LONDON = "city_of_london", "City of London"
    CLEVELAND = "cleveland", "Cleveland"
    CUMBRIA = "cumbria", "Cumbria"
    DERBYSHIRE = "derbyshire", "Derbyshire"
    DEVON_AND_CORNWALL = "devon_and_cornwall", "Devon and Cornwall"
    DORSET = "dorset", "Dorset"
    DURHAM = "durham", "Durham"
    DYFED_POWYS = "dyfed_powys", "Dyfed-Powys"
    ESSEX = "essex", "Essex"
    GLOUCESTERSHIRE = "gloucestershire", "Gloucestershire"
    GREATER_MANCHESTER = "greater_manchester", "Greater Manchester"
    GWENT = "gwent", "Gwent"
    HAMPSHIRE = "hampshire", "Hampshire and Isle of Wight"
    HERTFORDSHIRE = "hertfordshire", "Hertfordshire"
    HUMBERSIDE = "humberside", "Humberside"
    KENT = "kent", "Kent"
    LANCASHIRE = "lancashire", "Lancashire"
    LEICESTERSHIRE = "leicestershire", "Leicestershire"
    LINCOLNSHIRE = "lincolnshire", "Lincolnshire"
    MERSEYSIDE = "merseyside", "Merseyside"
    METROPOLITAN = "metropolitan", "Metropolitan Police"
    NORFOLK = "norfolk", "Norfolk"
    NORTH_WALES = "north_wales", "North Wales"
    NORTH_YORKSHIRE = "north_yorkshire", "North Yorkshire"
    NORTHAMPTONSHIRE = "northamptonshire", "Northamptonshire"
    NORTHUMBRIA = "northumbria", "Northumbria"
    NOTTINGHAMSHIRE = "nottinghamshire", "Nottinghamshire"
    SOUTH_WALES = "south_wales", "South Wales"
    SOUTH_YORKSHIRE = "south_yorkshire", "South Yorkshire"
    STAFFORDSHIRE = "staffordshire", "Staffordshire"
    SUFFOLK = "suffolk", "Suffolk"
    SURREY = "surrey", "Surrey"
    SUSSEX = "sussex", "Sussex"
    THAMES_VALLEY = "thames_valley", "Thames Valley"
    WARWICKSHIRE = "warwickshire", "Warwickshire"
    WEST_MERCIA = "west_mercia", "West Mercia"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    WEST_YORKSHIRE = "west_yorkshire", "West Yorkshire"
    WILTSHIRE = "wiltshire", "Wiltshire"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Received"
    RETURNED = "returned", "Returned to the CSP"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ACCEPTED = "accepted", "Accepted"
    SCHEDULED = "scheduled", "Scheduled for a meeting"
    DECIDED = "decided", "Verdict recorded"
    CHANGES_REQUESTED = "changes_requested", "Letter issued: new version needed"
    CONCLUDED = "concluded", "Letter issued"


# The only moves a submission may make. Services check against this table.
SUBMISSION_TRANSITIONS = {
    SubmissionStatus.DRAFT: {SubmissionStatus.SUBMITTED},
    SubmissionStatus.SUBMITTED: {SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED, SubmissionStatus.WITHDRAWN},
    SubmissionStatus.ACCEPTED: {SubmissionStatus.SCHEDULED, SubmissionStatus.WITHDRAWN},
    SubmissionStatus.SCHEDULED: {SubmissionStatus.DECIDED},
    SubmissionStatus.DECIDED: {SubmissionStatus.CHANGES_REQUESTED, SubmissionStatus.CONCLUDED},
    SubmissionStatus.RETURNED: set(),
    SubmissionStatus.WITHDRAWN: set(),
    SubmissionStatus.CHANGES_REQUESTED: set(),
    SubmissionStatus.CONCLUDED: set(),
}

# A new version may follow a submission that ended in one of these.
NEXT_VERSION_AFTER = frozenset(
    {SubmissionStatus.RETURNED, SubmissionStatus.WITHDRAWN, SubmissionStatus.CHANGES_REQUESTED}
)

# A CSP may withdraw a version it sent until it is on a meeting's agenda.
WITHDRAWABLE = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED})

# Statuses the Home Office works with: everything but drafts.
SENT_STATUSES = tuple(status for status in SubmissionStatus if status != SubmissionStatus.DRAFT)

# GOV.UK tag colours for each status, as the Home Office sees it.
SUBMISSION_STATUS_COLOURS = {
    SubmissionStatus.DRAFT: "grey",
    SubmissionStatus.SUBMITTED: "blue",
    SubmissionStatus.RETURNED: "orange",
    SubmissionStatus.WITHDRAWN: "grey",
    SubmissionStatus.ACCEPTED: "turquoise",
    SubmissionStatus.SCHEDULED: "yellow",
    SubmissionStatus.DECIDED: "purple",
    SubmissionStatus.CHANGES_REQUESTED: "pink",
    SubmissionStatus.CONCLUDED: "green",
}

# What a CSP sees. The Panel's verdict stays with the Panel until its letter is issued.
WITH_THE_PANEL = "With the Panel"
CSP_STATUS_LABELS = {
    SubmissionStatus.DRAFT: ("Draft", "grey"),
    SubmissionStatus.SUBMITTED: (WITH_THE_PANEL, "blue"),
    SubmissionStatus.ACCEPTED: (WITH_THE_PANEL, "blue"),
    SubmissionStatus.SCHEDULED: (WITH_THE_PANEL, "blue"),
    SubmissionStatus.DECIDED: (WITH_THE_PANEL, "blue"),
    SubmissionStatus.RETURNED: ("Returned to you", "orange"),
    SubmissionStatus.WITHDRAWN: ("Withdrawn", "grey"),
    SubmissionStatus.CHANGES_REQUESTED: ("Letter issued: new version needed", "pink"),
    SubmissionStatus.CONCLUDED: ("Letter issued", "green"),
}


class DocumentKind(models.TextChoices):
    OVERVIEW_REPORT = "overview_report", "Overview report"
    EXECUTIVE_SUMMARY = "executive_summary", "Executive summary"
    ACTION_PLAN = "action_plan", "Action plan"
    DECISION = "decision", "Decision not to review, with its reasons"
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
    CHRONOLOGY = "chronology", "Chronology"
    FAMILY_STATEMENT = "family_statement", "Family statement or tribute"
    OTHER = "other", "Other document"


# The documents every submission of each kind of case must carry, one of each.
REQUIRED_DOCUMENT_KINDS = {
    CaseKind.REVIEW: (DocumentKind.OVERVIEW_REPORT, DocumentKind.EXECUTIVE_SUMMARY, DocumentKind.ACTION_PLAN),
    CaseKind.DECISION_NOT_TO_REVIEW: (DocumentKind.DECISION,),
}
OPTIONAL_DOCUMENT_KINDS = {
    CaseKind.REVIEW: (DocumentKind.TERMS_OF_REFERENCE, DocumentKind.CHRONOLOGY, DocumentKind.FAMILY_STATEMENT,
                      DocumentKind.OTHER),
    CaseKind.DECISION_NOT_TO_REVIEW: (DocumentKind.CHRONOLOGY, DocumentKind.OTHER),
}
# Kinds of which a submission may hold several files; of the others, one each.
REPEATABLE_DOCUMENT_KINDS = frozenset({DocumentKind.OTHER})

# How messages name each kind: "Select the overview report".
DOCUMENT_KIND_PHRASES = {
    DocumentKind.OVERVIEW_REPORT: "the overview report",
    DocumentKind.EXECUTIVE_SUMMARY: "the executive summary",
    DocumentKind.ACTION_PLAN: "the action plan",
    DocumentKind.DECISION: "the decision not to review",
    DocumentKind.TERMS_OF_REFERENCE: "the terms of reference",
    DocumentKind.CHRONOLOGY: "the chronology",
    DocumentKind.FAMILY_STATEMENT: "the family statement or tribute",
    DocumentKind.OTHER: "the document",
}


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document (DOCX)"
    ODT = "odt", "OpenDocument text (ODT)"
    XLSX = "xlsx", "Excel spreadsheet (XLSX)"


FILE_TYPE_MEDIA_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Reports are documents; action plans and chronologies are often spreadsheets.
DOCUMENT_FILE_TYPES = (FileType.PDF, FileType.DOCX, FileType.ODT)
ALL_FILE_TYPES = (FileType.PDF, FileType.DOCX, FileType.ODT, FileType.XLSX)
FILE_TYPES_BY_KIND = {
    DocumentKind.OVERVIEW_REPORT: DOCUMENT_FILE_TYPES,
    DocumentKind.EXECUTIVE_SUMMARY: DOCUMENT_FILE_TYPES,
    DocumentKind.ACTION_PLAN: ALL_FILE_TYPES,
    DocumentKind.DECISION: DOCUMENT_FILE_TYPES,
    DocumentKind.TERMS_OF_REFERENCE: DOCUMENT_FILE_TYPES,
    DocumentKind.CHRONOLOGY: ALL_FILE_TYPES,
    DocumentKind.FAMILY_STATEMENT: DOCUMENT_FILE_TYPES,
    DocumentKind.OTHER: ALL_FILE_TYPES,
}


class PrescreenStatus(models.TextChoices):
    """Where the pre-screen of a version has got to."""

    QUEUED = "queued", "Checking"
    WAITING = "waiting", "Waiting for the documents' text"
    DONE = "done", "Done"
    # The run of the checks broke: asked for again with the version's next change.
    FAILED = "failed", "Could not be checked"


class TextStatus(models.TextChoices):
    """Where the background extraction of a stored file's text has got to."""

    PENDING = "pending", "Waiting"
    DONE = "done", "Extracted"
    FAILED = "failed", "Failed"


class RecommendationScope(models.TextChoices):
    LOCAL = "local", "Local"
    REGIONAL = "regional", "Regional"
    NATIONAL = "national", "National"


class IssueSource(models.TextChoices):
    """Who raised an issue the CSP answers in its next version."""

    INTAKE = "intake", "The secretariat, when returning the submission"
    PANEL = "panel", "The QA Panel, in its letter"


class IntakeCheck(models.TextChoices):
    """The completeness checklist the secretariat works through before accepting."""

    REQUIRED_DOCUMENTS = "required_documents", "The required documents are present"
    ACTION_PLAN = "action_plan", "The action plan is present and readable"
    PSEUDONYMS = "pseudonyms", "The documents use pseudonyms, not real names"
    DECLARATION = "declaration", "The CSP has made the declaration"
