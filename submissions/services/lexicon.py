"""The language check's lexicon: phrases the secretariat adds, changes and retires (never deletes).

Each change asks for the pre-screen of every draft again, so CSPs still
preparing a version see the lexicon in force; sent versions keep theirs.
"""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from submissions.models import LexiconEntry
from submissions.prescreen.language import TOO_MANY_GAPS, too_many_gaps
from submissions.services.prescreen import request_prescreens_of_drafts

FIELDS = ("phrase", "inflect", "reason", "better")
DUPLICATE = "The language check already has this phrase"
ONE_PER_PHRASE = "one_lexicon_entry_per_phrase"


def phrase_in_use(phrase, *, other_than=None):
    entries = LexiconEntry.objects.annotate(lower=Lower("phrase")).filter(lower=phrase.strip().lower(),
                                                                          retired_at__isnull=True)
    return entries.exclude(pk=other_than.pk if other_than else None).exists()


def add_entry(*, added_by, phrase, inflect, reason, better):
    """Add a phrase to the language check.

    1. Refuse a phrase with more than MAX_GAPS "..." (each multiplies the
       check's work). Lock the lexicon; refuse a phrase already in force.
    2. Save it (refused as a duplicate if the same phrase was added meanwhile)
       and write the audit event with what it says.
    3. Once committed, check every draft again.
    """
    if too_many_gaps(phrase):
        raise IllegalTransition(TOO_MANY_GAPS)
    with transaction.atomic():
        list(LexiconEntry.objects.select_for_update().filter(retired_at__isnull=True).values_list("pk"))
        if phrase_in_use(phrase):
            raise IllegalTransition(DUPLICATE)
        with _one_per_phrase():
            entry = LexiconEntry.objects.create(phrase=phrase.strip(), inflect=inflect, reason=reason,
                                                better=better)
        record(added_by, AuditAction.LEXICON_ENTRY_ADDED, entry, phrase=entry.phrase, inflect=inflect,
               reason=reason, better=better)
        request_prescreens_of_drafts()
    return entry


def change_entry(*, entry, changed_by, active, **fields):
    """Change a phrase, its reason or better wording, or retire it (active False) or bring it back.

    1. Lock the entry (and the lexicon, so two phrases in force never clash).
       Refuse a phrase in force with more than MAX_GAPS "..." (one saved
       before the limit can still be retired).
    2. Save what changed (refused as a duplicate if the phrase was added
       meanwhile) and write the audit event with the old and new values;
       retiring writes its own event. Nothing changed, nothing is written.
    3. Once committed, check every draft again.
    """
    with transaction.atomic():
        list(LexiconEntry.objects.select_for_update().filter(retired_at__isnull=True).values_list("pk"))
        entry = LexiconEntry.objects.select_for_update().get(pk=entry.pk)
        if active and too_many_gaps(fields.get("phrase", entry.phrase)):
            raise IllegalTransition(TOO_MANY_GAPS)
        if active and phrase_in_use(fields.get("phrase", entry.phrase), other_than=entry):
            raise IllegalTransition(DUPLICATE)
        changes = {name: (getattr(entry, name), value) for name, value in fields.items()
                   if name in FIELDS and getattr(entry, name) != value}
        for name, (_, value) in changes.items():
            setattr(entry, name, value)
        retiring = active is False and entry.retired_at is None
        restoring = active is True and entry.retired_at is not None
        if not changes and not retiring and not restoring:
            return entry
        entry.retired_at = clock.now() if retiring else (None if restoring else entry.retired_at)
        entry.changed_at = clock.now()
        with _one_per_phrase():
            entry.save()
        if changes or restoring:
            record(changed_by, AuditAction.LEXICON_ENTRY_CHANGED, entry, restored=restoring,
                   **{name: {"from": old, "to": new} for name, (old, new) in changes.items()})
        if retiring:
            record(changed_by, AuditAction.LEXICON_ENTRY_RETIRED, entry, phrase=entry.phrase)
        request_prescreens_of_drafts()
    return entry


@contextmanager
def _one_per_phrase():
    """Turn the database's refusal of a second entry in force for one phrase into the form's refusal.

    The lock on the lexicon takes turns only between rows that exist: with no phrase in force
    there is nothing to lock, and two saves of one phrase at once meet at the unique index instead.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as clash:
        if ONE_PER_PHRASE not in str(clash):
            raise
        raise IllegalTransition(DUPLICATE) from clash
