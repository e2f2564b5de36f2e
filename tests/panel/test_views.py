"""Drafting a letter, driven through Django's test client as the secretariat uses it.

Meetings, agendas, readers, assessments, meeting mode and verdicts have their own view tests."""

import json

import pytest
from django.urls import reverse

from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter
from tests.dhrqa.govuk_page import body_paragraphs


# Drafting a letter


def test_letter_draft_secretariat_posts_then_sees_letter_being_prepared(client_for, secretariat, verdict):
    client = client_for(secretariat)

    response = client.post(reverse("panel:letter_draft", kwargs={"verdict_pk": verdict.pk}))

    letter = Letter.objects.get(verdict=verdict)
    assert response.status_code == 302
    assert response["Location"] == reverse("panel:letter_detail", kwargs={"pk": letter.pk})
    assert (letter.status, letter.render_status, letter.drafted_by) == (
        LetterStatus.DRAFT, RenderStatus.QUEUED, secretariat)
    status = client.get(reverse("panel:letter_status", kwargs={"pk": letter.pk}))
    assert status["Content-Type"] == "application/json"
    assert json.loads(status.content) == {"status": "draft:queued"}
    detail = client.get(response["Location"])
    assert ("The draft PDF is being prepared. This usually takes a few seconds. Refresh the page to see if it is "
            "ready.") in body_paragraphs(detail)


def test_letter_draft_get_not_allowed(client_for, secretariat, verdict):
    response = client_for(secretariat).get(reverse("panel:letter_draft", kwargs={"verdict_pk": verdict.pk}))

    assert response.status_code == 405
    assert Letter.objects.count() == 0


def test_letter_draft_chair_forbidden(client_for, chair, verdict):
    response = client_for(chair).post(reverse("panel:letter_draft", kwargs={"verdict_pk": verdict.pk}))

    assert response.status_code == 403
    assert Letter.objects.count() == 0


def test_letter_draft_pending_verdict_refused_with_message(client_for, secretariat, pending_verdict):
    response = client_for(secretariat).post(reverse("panel:letter_draft", kwargs={"verdict_pk": pending_verdict.pk}),
                                            follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "The chair has not confirmed this verdict yet: its letter cannot be drafted"]
    assert Letter.objects.count() == 0
