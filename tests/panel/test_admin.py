"""Outcome sets in the Django admin: an admin corrects when a set came into force, and it is on the audit trail."""

import datetime

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent, User
from panel.models import OutcomeSet
from tests.mfa import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in(client, User.objects.create_superuser("admin@homeoffice.example", "x", full_name="Ada Admin"))
    return client


def change_form(outcome_set, **changes):
    outcomes = list(outcome_set.outcomes.all())
    data = {"code": outcome_set.code, "name": outcome_set.name, "case_kind": outcome_set.case_kind,
            "in_force_from": outcome_set.in_force_from.isoformat(),
            "outcomes-TOTAL_FORMS": str(len(outcomes)), "outcomes-INITIAL_FORMS": str(len(outcomes)),
            "outcomes-MIN_NUM_FORMS": "0", "outcomes-MAX_NUM_FORMS": "1000"}
    for index, outcome in enumerate(outcomes):
        data.update({f"outcomes-{index}-id": str(outcome.pk), f"outcomes-{index}-outcome_set": str(outcome_set.pk),
                     f"outcomes-{index}-position": str(outcome.position), f"outcomes-{index}-code": outcome.code,
                     f"outcomes-{index}-label": outcome.label,
                     f"outcomes-{index}-needs_new_version": "on" if outcome.needs_new_version else ""})
    data.update(changes)
    return data


def test_admin_corrects_the_date_a_set_came_into_force_and_it_is_audited(admin_client):
    publication = OutcomeSet.objects.get(code="publication-2016")
    url = reverse("admin:panel_outcomeset_change", args=[publication.pk])

    response = admin_client.post(url, change_form(publication, in_force_from="2017-04-01"))

    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.in_force_from == datetime.date(2017, 4, 1)
    assert list(AuditEvent.objects.filter(action=AuditAction.OUTCOME_SET_CHANGED).values_list("detail", flat=True)) == [
        {"via": "admin", "fields": ["in_force_from"]}]


def test_admin_cannot_delete_an_outcome_set(admin_client):
    publication = OutcomeSet.objects.get(code="publication-2016")

    response = admin_client.post(reverse("admin:panel_outcomeset_delete", args=[publication.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert OutcomeSet.objects.filter(pk=publication.pk).exists()
