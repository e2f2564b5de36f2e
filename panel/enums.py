from django.db import models


class OutcomeEra(models.TextChoices):
    """The Panel's verdict vocabulary has changed over the years."""

    ADEQUACY = "adequacy", "Adequate or inadequate (2011 onwards)"
    PUBLICATION = "publication", "Publish, publish after changes or resubmit"


class Outcome(models.TextChoices):
    ADEQUATE = "adequate", "Adequate"
    INADEQUATE = "inadequate", "Inadequate"
    PUBLISH = "publish", "Publish"
    PUBLISH_AFTER_CHANGES = "publish_after_changes", "Publish after changes"
    RESUBMIT = "resubmit", "Resubmit"


OUTCOMES_BY_ERA = {
    OutcomeEra.ADEQUACY: (Outcome.ADEQUATE, Outcome.INADEQUATE),
    OutcomeEra.PUBLICATION: (Outcome.PUBLISH, Outcome.PUBLISH_AFTER_CHANGES, Outcome.RESUBMIT),
}

# The era chairs choose from today. Later issues open the publication era.
CURRENT_ERA = OutcomeEra.ADEQUACY


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
