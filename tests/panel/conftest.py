"""Meetings, verdicts and letters built through the panel's own services."""

import pytest

from panel.services.letters import draft_letter, send_for_signing, sign_letter
from panel.services.rendering import render_letter
from panel.services.verdicts import confirm_verdict, record_verdict
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.panel.scenario import COMMENDATION, ISSUES, LETTER_DATE, MEETING_DATE, action_plan, responses


@pytest.fixture
def meeting(chair, secretariat):
    """A meeting being held: the chair can record verdicts."""
    return MeetingFactory(date=MEETING_DATE, chair=chair, created_by=secretariat, held=True)


@pytest.fixture
def agenda_item(meeting):
    item = AgendaItemFactory(meeting=meeting, position=1, submission__documents=False)
    action_plan(item.submission)
    return item


@pytest.fixture
def pending_verdict(agenda_item, chair):
    return record_verdict(
        agenda_item=agenda_item, recorded_by=chair, outcome="adequate",
        commendation=COMMENDATION, issues=ISSUES, national_responses=responses(agenda_item.submission),
    )


@pytest.fixture
def verdict(pending_verdict, chair):
    """The pending verdict, confirmed."""
    return confirm_verdict(verdict=pending_verdict, confirmed_by=chair)


@pytest.fixture
def draft(verdict, secretariat, django_capture_on_commit_callbacks):
    """A drafted letter whose rendering was queued but never sent: no worker runs here."""
    with django_capture_on_commit_callbacks(execute=False):
        return draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE)


@pytest.fixture
def rendered_draft(draft):
    return render_letter(draft.pk)


@pytest.fixture
def sent(rendered_draft, secretariat, django_capture_on_commit_callbacks):
    """The rendered draft sent to the chair to sign (the chair's e-mail queued, not sent)."""
    with django_capture_on_commit_callbacks(execute=False):
        return send_for_signing(letter=rendered_draft, sent_by=secretariat)


@pytest.fixture
def signed(sent, chair, signing_certificate):
    return sign_letter(letter=sent, signed_by=chair)
