"""Migration 0013: each routed recommendation learns where the Panel routed it, and each history step what made it."""

import importlib

import pytest
from django.apps import apps

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from panel.models import RoutedRecommendation, RoutedRecommendationMove
from tests.panel.national import routed

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("panel.migrations.0013_national_routed_as_and_withdrawn")


def test_routed_as_is_the_body_before_the_first_reroute_unless_a_later_row_holds_it(secretariat):
    kept = routed(number="3")
    rerouted = routed(number="4", body="dhsc", verdict=kept.verdict)
    twice = routed(number="5", body="moj", verdict=kept.verdict)
    # The defect this migration follows: a change of verdict routed a re-routed one to "Other" again.
    held = routed(number="6", body="dhsc", verdict=kept.verdict)
    again = routed(number="7", body="other", body_other="DWP", verdict=kept.verdict)
    RoutedRecommendation.objects.filter(pk=again.pk).update(recommendation=held.recommendation)
    for row, before, after in [(rerouted, "Department for Work and Pensions", "DHSC"), (twice, "Home Office", "DHSC"),
                               (twice, "DHSC", "Ministry of Justice"), (held, "DWP", "DHSC")]:
        record(secretariat, AuditAction.NATIONAL_RECOMMENDATION_REROUTED, row, before=before, after=after, note="")

    MIGRATION.routed_as_first_sent(apps, None)

    assert list(RoutedRecommendation.objects.order_by("id").values_list("routed_as_body", "routed_as_other")) == [
        ("home_office", ""), ("other", "Department for Work and Pensions"), ("home_office", ""), ("dhsc", ""),
        ("other", "DWP")]


def test_kinds_from_the_statuses_each_step_moved_between():
    row = routed()
    for before, after in [("sent", "acknowledged"), ("acknowledged", "acknowledged")]:
        RoutedRecommendationMove.objects.create(routed=row, kind="", from_status=before, to_status=after)

    MIGRATION.kinds(apps, None)

    assert list(row.moves.values_list("kind", flat=True)) == ["routed", "moved", "rerouted"]
