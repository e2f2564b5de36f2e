"""Meetings, verdicts and letters built through the panel's own services."""

import pytest

from panel.enums import Outcome
from panel.services.letters import draft_letter, render_letter
from panel.services.verdicts import record_verdict
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.panel.scenario import COMMENDATION, ISSUES, LETTER_DATE, MEETING_DATE, NATIONAL_RESPONSES


@pytest.fixture
def meeting(chair, secretariat):
    return MeetingFactory(date=MEETING_DATE, chair=chair, created_by=secretariat)


@pytest.fixture
def agenda_item(meeting):
    return AgendaItemFactory(meeting=meeting, position=1, submission__documents=False)


@pytest.fixture
def verdict(agenda_item, chair):
    return record_verdict(
        agenda_item=agenda_item, recorded_by=chair, outcome=Outcome.ADEQUATE,
        commendation=COMMENDATION, issues=ISSUES, national_responses=NATIONAL_RESPONSES,
    )


@pytest.fixture
def draft(verdict, secretariat, django_capture_on_commit_callbacks):
    """A drafted letter whose rendering was queued but never sent: no worker runs here."""
    with django_capture_on_commit_callbacks(execute=False):
        return draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE)


@pytest.fixture
def rendered_draft(draft):
    return render_letter(draft.pk)
