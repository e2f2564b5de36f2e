"""submissions/services/lexicon.py: two additions of one phrase at once, when no phrase is in force to lock."""

import pytest

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from dhrqa.transitions import IllegalTransition
from submissions.models import LexiconEntry
from submissions.services.lexicon import add_entry, change_entry
from tests.factories import UserFactory
from tests.panel.crossing import race

PHRASE = {"inflect": False, "reason": "It blames the victim.", "better": "was killed by"}


@pytest.fixture
def nothing_in_force(db):
    LexiconEntry.objects.update(retired_at=clock.now())
    return UserFactory(secretariat=True)


def added(phrase, by):
    return add_entry(added_by=by, phrase=phrase, **PHRASE)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_add_entry_same_phrase_twice_at_once_the_second_is_refused_as_a_duplicate(nothing_in_force):
    first, second, waited = race(lambda: added("Fatal domestic", nothing_in_force),
                                 lambda: added("fatal domestic ", nothing_in_force))

    assert waited is True
    assert isinstance(first, LexiconEntry)
    assert (type(second), str(second)) == (IllegalTransition, "The language check already has this phrase")
    assert list(LexiconEntry.objects.filter(retired_at=None).values_list("phrase", flat=True)) == ["Fatal domestic"]
    assert AuditEvent.objects.filter(action=AuditAction.LEXICON_ENTRY_ADDED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restoring_a_phrase_while_it_is_added_again_is_refused_as_a_duplicate(nothing_in_force):
    retired = LexiconEntry.objects.create(phrase="Fatal domestic", retired_at=clock.now(), **PHRASE)

    first, second, waited = race(
        lambda: added("Fatal domestic", nothing_in_force),
        lambda: change_entry(entry=retired, changed_by=nothing_in_force, active=True))

    assert waited is True
    assert isinstance(first, LexiconEntry)
    assert (type(second), str(second)) == (IllegalTransition, "The language check already has this phrase")
    assert list(LexiconEntry.objects.filter(retired_at=None).values_list("pk", flat=True)) == [first.pk]
    assert AuditEvent.objects.filter(action=AuditAction.LEXICON_ENTRY_CHANGED).count() == 0
