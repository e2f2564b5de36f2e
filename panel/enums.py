from django.db import models

from submissions.enums import CaseKind


class OutcomeEra(models.TextChoices):
    """The Panel's verdict vocabulary has changed over the years."""

    ADEQUACY = "adequacy", "Adequate or inadequate (2011 onwards)"
    PUBLICATION = "publication", "Publish, publish after changes or resubmit"
    NOT_TO_REVIEW = "not_to_review", "A CSP's decision not to hold a review"


class Outcome(models.TextChoices):
    ADEQUATE = "adequate", "Adequate"
    INADEQUATE = "inadequate", "Inadequate"
    PUBLISH = "publish", "Publish"
    PUBLISH_AFTER_CHANGES = "publish_after_changes", "Publish after changes"
    RESUBMIT = "resubmit", "Resubmit"
    DECISION_AGREED = "decision_agreed", "Agree with the decision not to review"
    DECISION_RECONSIDER = "decision_reconsider", "Ask the CSP to reconsider its decision"
    REVIEW_DIRECTION_ADVISED = "review_direction_advised", "Advise the Home Secretary to direct a review"


OUTCOMES_BY_ERA = {
    OutcomeEra.ADEQUACY: (Outcome.ADEQUATE, Outcome.INADEQUATE),
    OutcomeEra.PUBLICATION: (Outcome.PUBLISH, Outcome.PUBLISH_AFTER_CHANGES, Outcome.RESUBMIT),
    OutcomeEra.NOT_TO_REVIEW: (
        Outcome.DECISION_AGREED, Outcome.DECISION_RECONSIDER, Outcome.REVIEW_DIRECTION_ADVISED,
    ),
}

# Outcomes after which the CSP sends the Panel a new version of what it sent.
OUTCOMES_NEEDING_NEW_VERSION = frozenset({
    Outcome.INADEQUATE, Outcome.PUBLISH_AFTER_CHANGES, Outcome.RESUBMIT, Outcome.DECISION_RECONSIDER,
})

# The era chairs choose from today for reviews. Later issues open the publication era.
CURRENT_ERA = OutcomeEra.ADEQUACY
ERA_BY_CASE_KIND = {CaseKind.REVIEW: CURRENT_ERA, CaseKind.DECISION_NOT_TO_REVIEW: OutcomeEra.NOT_TO_REVIEW}


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    ISSUED = "issued", "Issued"


LETTER_TRANSITIONS = {
    LetterStatus.DRAFT: {LetterStatus.SIGNED},
    LetterStatus.SIGNED: {LetterStatus.ISSUED},
    LetterStatus.ISSUED: set(),
}


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
