"""The criteria as data: the secretariat's pages and panel.services.criteria."""

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.enums import CriterionScope
from panel.models import Criterion
from panel.outcomes import criteria_for
from panel.services.criteria import add_criterion, change_criterion, move_criterion
from tests.dhrqa.govuk_page import error_summary, notification_banners, parse, summary_links_without_target
from tests.factories import UserFactory
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db

SEEDED = ["Timescales", "Decision to review", "Scope and terms of reference", "Independence of the chair and panel",
          "Agency involvement and individual management reviews", "Family involvement and the victim's voice",
          "Equality and diversity", "Analysis and findings", "Victim-focused language",
          "Recommendations and their link to the action plan", "Consistency of the executive summary",
          "Anonymisation"]


def headings():
    return list(Criterion.objects.order_by("position", "id").values_list("heading", flat=True))


def rows(response):
    body = parse(response).find(tag="tbody")
    return [[cell.text(include_hidden=False) for cell in row.find_all(tag="td")] for row in body.find_all(tag="tr")]


def criterion_data(**fields):
    return {"heading": "Use of research", "guidance": "The report draws on research where it helps.",
            "judgement_options": "Adequate\r\nInadequate", "applies_to": "review", **fields}


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id").values_list("actor_id", "detail"))


# The list


def test_criterion_list_secretariat_sees_the_criteria_in_order(client_for, secretariat):
    response = client_for(secretariat).get(reverse("panel:criterion_list"))

    table = rows(response)
    assert [row[1] for row in table] == SEEDED
    assert table[0][:5] == ["1", "Timescales", "Adequate, Inadequate", "Reviews and decisions not to review", "Active"]
    assert table[2][3] == "Reviews only"
    assert table[0][5] == "Down"
    assert table[-1][5] == "Up"
    page = parse(response)
    assert [a.attrs["href"] for a in page.find_all(tag="a") if a.text() == "Add a criterion"] == [
        reverse("panel:criterion_add")]


def test_criterion_list_retired_tagged(client_for, secretariat):
    change_criterion(criterion=Criterion.objects.get(heading="Anonymisation"), changed_by=secretariat,
                     is_active=False)

    response = client_for(secretariat).get(reverse("panel:criterion_list"))

    assert rows(response)[-1][4] == "Retired"


@pytest.mark.parametrize("user", [{"panel_member": True}, {"chair": True}, {"csp_officer": True}])
@pytest.mark.parametrize("page", ["panel:criterion_list", "panel:criterion_add"])
def test_criterion_pages_others_forbidden(client_for, user, page):
    assert client_for(UserFactory(**user)).get(reverse(page)).status_code == 403


@pytest.mark.parametrize("rows_shown", [1, 20])
def test_criterion_list_queries_constant(client_for, secretariat, django_assert_num_queries, rows_shown):
    Criterion.objects.all().delete()
    Criterion.objects.bulk_create(
        Criterion(position=n, heading=f"Criterion {n}", judgement_options=["Yes", "No"]) for n in range(rows_shown))
    client = client_for(secretariat)

    # Session, user, the criteria.
    with django_assert_num_queries(3):
        response = client.get(reverse("panel:criterion_list"))

    assert len(rows(response)) == rows_shown


# Adding


def test_criterion_add_saves_at_the_end_with_audit_event(client_for, secretariat):
    data = criterion_data(judgement_options="Adequate\r\n\r\n  Partly    adequate \r\nInadequate\r\n")

    response = client_for(secretariat).post(reverse("panel:criterion_add"), data, follow=True)

    criterion = Criterion.objects.get(heading="Use of research")
    assert (criterion.position, criterion.judgement_options, criterion.applies_to, criterion.is_active) == (
        13, ["Adequate", "Partly adequate", "Inadequate"], "review", True)
    assert response.redirect_chain == [(reverse("panel:criterion_list"), 302)]
    assert notification_banners(response) == ["Use of research has been added at the end of the criteria"]
    assert audit_trail(criterion) == [(secretariat.pk, AuditAction.CRITERION_ADDED, {
        "position": 13, "heading": "Use of research", "guidance": "The report draws on research where it helps.",
        "judgement_options": ["Adequate", "Partly adequate", "Inadequate"], "applies_to": "review"})]
    assert criterion in criteria_for("review")
    assert criterion not in criteria_for("not_to_review")


@pytest.mark.parametrize(("fields", "anchor", "message"), [
    ({"heading": ""}, "id_heading", "Enter the heading"),
    ({"heading": "h" * 201}, "id_heading", "Heading must be 200 characters or fewer"),
    ({"heading": "Use\u200bof research"}, "id_heading", "Heading must not contain invisible characters"),
    ({"guidance": "g" * 2001}, "id_guidance", "Guidance must be 2,000 characters or fewer"),
    ({"judgement_options": ""}, "id_judgement_options", "Enter the judgements readers choose from"),
    ({"judgement_options": "Adequate"}, "id_judgement_options", "Enter at least 2 judgements, one on each line"),
    ({"judgement_options": "A\nB\nC\nD\nE\nF\nG"}, "id_judgement_options", "Enter 6 judgements or fewer"),
    ({"judgement_options": "Adequate\n" + "x" * 101}, "id_judgement_options",
     "Each judgement must be 100 characters or fewer"),
    ({"judgement_options": "Adequate\nInadequate\nadequate"}, "id_judgement_options",
     "Enter each judgement once: adequate is there twice"),
    ({"judgement_options": "x" * 700}, "id_judgement_options",
     "Judgements readers choose from must be 612 characters or fewer"),
    ({"applies_to": "everything"}, "id_applies_to_1", "Select which cases the criterion applies to"),
    ({"applies_to": ""}, "id_applies_to_1", "Select which cases the criterion applies to"),
])
def test_criterion_add_invalid_refused_with_message(client_for, secretariat, fields, anchor, message):
    response = client_for(secretariat).post(reverse("panel:criterion_add"), criterion_data(**fields))

    assert response.status_code == 200
    assert error_summary(response) == [(f"#{anchor}", message)]
    assert summary_links_without_target(response) == []
    assert headings() == SEEDED
    assert events(AuditAction.CRITERION_ADDED) == []


def test_criterion_add_page_has_no_retire_box(client_for, secretariat):
    response = client_for(secretariat).get(reverse("panel:criterion_add"))

    assert parse(response).find(id="id_is_active") is None
    assert parse(response).find(tag="h1").text() == "Add a criterion"


# Changing and retiring


def test_criterion_change_page_shows_it(client_for, secretariat):
    criterion = Criterion.objects.get(heading="Timescales")

    response = client_for(secretariat).get(reverse("panel:criterion_change", kwargs={"pk": criterion.pk}))

    page = parse(response)
    assert page.find(id="id_heading").attrs["value"] == "Timescales"
    assert page.find(id="id_judgement_options").text() == "Adequate Inadequate"
    assert page.find(id="id_is_active").attrs.get("checked") is not None


def test_criterion_change_retires_it_with_old_and_new_values(client_for, secretariat):
    criterion = Criterion.objects.get(heading="Anonymisation")
    data = criterion_data(heading="Anonymisation", guidance=criterion.guidance, applies_to="all",
                          judgement_options="Adequate\nInadequate\nNot applicable")

    response = client_for(secretariat).post(reverse("panel:criterion_change", kwargs={"pk": criterion.pk}), data,
                                            follow=True)

    criterion.refresh_from_db()
    assert (criterion.is_active, criterion.judgement_options) == (False, ["Adequate", "Inadequate", "Not applicable"])
    assert notification_banners(response) == ["Anonymisation has been retired: new assessments no longer offer it"]
    assert audit_trail(criterion) == [(secretariat.pk, AuditAction.CRITERION_CHANGED, {"changes": {
        "judgement_options": [["Adequate", "Inadequate"], ["Adequate", "Inadequate", "Not applicable"]],
        "is_active": [True, False]}})]
    assert criterion not in criteria_for("review")


def test_criterion_change_nothing_changed_records_nothing(client_for, secretariat):
    criterion = Criterion.objects.get(heading="Timescales")
    data = criterion_data(heading="Timescales", guidance=criterion.guidance, applies_to="all", is_active="on")

    response = client_for(secretariat).post(reverse("panel:criterion_change", kwargs={"pk": criterion.pk}), data)

    assert response.status_code == 302
    assert events(AuditAction.CRITERION_CHANGED) == []


def test_criterion_change_restores_retired(client_for, secretariat):
    criterion = change_criterion(criterion=Criterion.objects.get(heading="Timescales"), changed_by=secretariat,
                                 is_active=False)
    data = criterion_data(heading="Timescales", guidance=criterion.guidance, applies_to="all", is_active="on")

    client_for(secretariat).post(reverse("panel:criterion_change", kwargs={"pk": criterion.pk}), data)

    assert criterion in criteria_for("review")


def test_criterion_change_unknown_gets_404(client_for, secretariat):
    response = client_for(secretariat).get(reverse("panel:criterion_change", kwargs={"pk": 99_999_999}))

    assert response.status_code == 404


def test_criterion_change_panel_member_forbidden(client_for, panel_member):
    criterion = Criterion.objects.get(heading="Timescales")

    response = client_for(panel_member).post(reverse("panel:criterion_change", kwargs={"pk": criterion.pk}),
                                             criterion_data())

    assert response.status_code == 403
    assert Criterion.objects.get(pk=criterion.pk).heading == "Timescales"


# Moving


def test_criterion_move_down_swaps_with_the_next(client_for, secretariat):
    criterion = Criterion.objects.get(heading="Timescales")
    url = reverse("panel:criterion_move", kwargs={"pk": criterion.pk})

    response = client_for(secretariat).post(url, {"direction": "down"})

    assert response["Location"] == f"{reverse('panel:criterion_list')}#criterion-{criterion.pk}"
    assert headings()[:3] == ["Decision to review", "Timescales", "Scope and terms of reference"]
    assert audit_trail(criterion) == [(secretariat.pk, AuditAction.CRITERION_CHANGED, {
        "changes": {"position": [1, 2]}, "moved": "down", "swapped_with": "Decision to review"})]


def test_criterion_move_up_first_says_so(client_for, secretariat):
    criterion = Criterion.objects.get(heading="Timescales")

    response = client_for(secretariat).post(reverse("panel:criterion_move", kwargs={"pk": criterion.pk}),
                                            {"direction": "up"}, follow=True)

    assert notification_banners(response) == ["Timescales is already first"]
    assert headings() == SEEDED
    assert events(AuditAction.CRITERION_CHANGED) == []


@pytest.mark.parametrize("direction", ["sideways", "", "u" * 10_000])
def test_criterion_move_hostile_direction_refused(client_for, secretariat, direction):
    criterion = Criterion.objects.get(heading="Decision to review")

    response = client_for(secretariat).post(reverse("panel:criterion_move", kwargs={"pk": criterion.pk}),
                                            {"direction": direction}, follow=True)

    assert notification_banners(response) == ["Choose to move the criterion up or down"]
    assert headings() == SEEDED


def test_criterion_move_get_not_allowed(client_for, secretariat):
    criterion = Criterion.objects.get(heading="Timescales")

    response = client_for(secretariat).get(reverse("panel:criterion_move", kwargs={"pk": criterion.pk}))

    assert response.status_code == 405


def test_criterion_move_chair_forbidden(client_for, chair):
    criterion = Criterion.objects.get(heading="Timescales")

    response = client_for(chair).post(reverse("panel:criterion_move", kwargs={"pk": criterion.pk}),
                                      {"direction": "down"})

    assert response.status_code == 403
    assert headings() == SEEDED


# The service


def test_move_criterion_numbers_ties_again(secretariat):
    Criterion.objects.all().delete()
    first, second, third = (Criterion.objects.create(position=1, heading=h, judgement_options=["Yes", "No"])
                            for h in ("First", "Second", "Third"))

    assert move_criterion(criterion=third, direction="up", moved_by=secretariat) is True

    assert list(Criterion.objects.order_by("position").values_list("heading", "position")) == [
        ("First", 1), ("Third", 2), ("Second", 3)]


def test_move_criterion_last_down_does_nothing(secretariat):
    last = Criterion.objects.get(heading="Anonymisation")

    assert move_criterion(criterion=last, direction="down", moved_by=secretariat) is False
    assert headings() == SEEDED


def test_add_criterion_refuses_bad_options(secretariat):
    with pytest.raises(ValueError):
        add_criterion(added_by=secretariat, heading="One option", guidance="", judgement_options=["Only"])
    with pytest.raises(ValueError):
        add_criterion(added_by=secretariat, heading="Twice", guidance="", judgement_options=["Yes", "yes"])

    assert headings() == SEEDED


def test_change_criterion_refuses_unknown_fields(secretariat):
    with pytest.raises(ValueError):
        change_criterion(criterion=Criterion.objects.first(), changed_by=secretariat, position=40)


def test_add_criterion_for_decisions_only_offered_for_decisions(secretariat):
    criterion = add_criterion(added_by=secretariat, heading="Reasons for the decision", guidance="",
                              judgement_options=["Adequate", "Inadequate"], applies_to=CriterionScope.DECISIONS)

    assert criterion in criteria_for("not_to_review")
    assert criterion not in criteria_for("review")
