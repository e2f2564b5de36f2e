"""The delay dashboard as the secretariat reads it: figures, charts, breaches, filters, the CSV and who may see them."""

import csv
import datetime
import io

import pytest

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from tests.dhrqa.govuk_page import error_summary, parse
from tests.factories import CSPFactory, UserFactory
from tests.panel.delays import review_through

pytestmark = pytest.mark.django_db
D = datetime.date


def rows(response, table_id):
    """Each body row of the table with this id, as the visible text of its cells (headers included)."""
    table = parse(response).find(tag="table", id=table_id)
    return [[cell.text(include_hidden=False) for cell in row.iter() if cell.tag in ("th", "td")]
            for row in table.find(tag="tbody").find_all(tag="tr")]


@pytest.fixture
def two_reviews(db):
    north = CSPFactory(name="Northdale CSP")
    south = CSPFactory(name="Southvale CSP")
    # Every step, published; decided 40 days after notification (9 over the month), sent 36 days past six months.
    late = review_through(
        north, reference="NORTH-2024-001", death=D(2024, 1, 1), notified=D(2024, 1, 11), decided=D(2024, 2, 20),
        home_office=D(2024, 2, 25), sent=D(2024, 9, 25), accepted=D(2024, 10, 5), meeting=D(2024, 11, 12),
        letter=D(2024, 12, 2), published=D(2025, 1, 1))
    # The Home Office never told; approved and not yet published.
    waiting = review_through(
        south, reference="SOUTH-2024-001", death=D(2024, 3, 1), notified=D(2024, 3, 5), decided=D(2024, 3, 25),
        sent=D(2024, 8, 25), accepted=D(2024, 9, 4), meeting=D(2024, 10, 8), letter=D(2024, 10, 28))
    return north, south, late, waiting


def test_dashboard_stage_figures_leave_out_missing_dates(two_reviews, client_for, secretariat):
    response = client_for(secretariat).get("/dashboard/")

    assert response.status_code == 200
    assert rows(response, "chart-stages-table") == [
        ["Death to CSP notified", "2", "7", "10"],
        ["CSP notified to decision", "2", "30", "40"],
        ["Decision to Home Office notified", "1", "5", "5"],
        ["Home Office notified to first version sent", "1", "213", "213"],
        ["First version sent to accepted", "2", "10", "10"],
        ["Accepted to Panel meeting", "2", "36", "38"],
        ["Panel meeting to letter issued", "2", "20", "20"],
        ["Letter issued to published", "1", "30", "30"],
    ]
    assert rows(response, "chart-completion-table") == [["2024", "2", "185.5", "218"]]
    assert parse(response).find(id="chart-completion-summary").text() == (
        "1 of 2 reviews (50%) were sent within six months of the decision to review. Counted: the 2 sent, and the "
        "0 not sent six months after the decision. Not counted yet: the 0 not sent and still within their six months.")
    assert parse(response).find(id="chart-stages-summary").text() == (
        "The longest stage is \u201cHome Office notified to first version sent\u201d: half the reviews took "
        "213 days or more, and one in ten 213 days or more.")


def test_dashboard_lists_each_breach_longest_overdue_first(two_reviews, client_for, secretariat):
    response = client_for(secretariat).get("/dashboard/")

    assert rows(response, "breaches") == [
        ["NORTH-2024-001", "Northdale CSP", "Review completed and sent within six months of the decision",
         "20 August 2024", "25 September 2024", "36"],
        ["NORTH-2024-001", "Northdale CSP", "Decision to review within one month of the CSP being notified",
         "11 February 2024", "20 February 2024", "9"],
    ]
    assert [row[:1] + row[2:] for row in rows(response, "breach-counts")] == [
        ["Decision to review within one month of the CSP being notified", "2", "1 (50%)"],
        ["Review completed and sent within six months of the decision", "2", "1 (50%)"],
        ["Letter issued within one month of the Panel meeting", "2", "0 (0%)"],
    ]


def test_dashboard_counts_a_review_not_sent_six_months_after_its_decision_as_missing_the_target(
        two_reviews, client_for, secretariat):
    north, south, late, waiting = two_reviews
    # Decided on 1 April 2024, due by 1 October 2024, still not sent on 1 January 2025: 92 days over.
    review_through(north, reference="NORTH-2024-002", death=D(2024, 3, 1), notified=D(2024, 3, 20),
                   decided=D(2024, 4, 1))
    # Decided on 1 October 2024, due by 1 April 2025: not sent, and not late yet.
    review_through(south, reference="SOUTH-2024-002", death=D(2024, 9, 1), notified=D(2024, 9, 20),
                   decided=D(2024, 10, 1))
    client = client_for(secretariat)

    with clock.at(D(2025, 1, 1)):
        response = client.get("/dashboard/")

    assert parse(response).find(id="reviews-count").text() == "4 reviews."
    assert parse(response).find(id="chart-completion-summary").text() == (
        "1 of 3 reviews (33%) were sent within six months of the decision to review. Counted: the 2 sent, and the "
        "1 not sent six months after the decision. Not counted yet: the 1 not sent and still within their six months.")
    assert rows(response, "breaches") == [
        ["NORTH-2024-002", "Northdale CSP", "Review completed and sent within six months of the decision",
         "1 October 2024", "not yet", "92"],
        ["NORTH-2024-001", "Northdale CSP", "Review completed and sent within six months of the decision",
         "20 August 2024", "25 September 2024", "36"],
        ["NORTH-2024-001", "Northdale CSP", "Decision to review within one month of the CSP being notified",
         "11 February 2024", "20 February 2024", "9"],
    ]
    assert [row[:1] + row[2:] for row in rows(response, "breach-counts")] == [
        ["Decision to review within one month of the CSP being notified", "4", "1 (25%)"],
        ["Review completed and sent within six months of the decision", "3", "2 (67%)"],
        ["Letter issued within one month of the Panel meeting", "2", "0 (0%)"],
    ]
    # The unsent reviews' first steps count in the stages they reached; the completion bars are of the sent.
    assert rows(response, "chart-stages-table")[:2] == [
        ["Death to CSP notified", "4", "14.5", "19"],
        ["CSP notified to decision", "4", "16", "40"],
    ]
    assert rows(response, "chart-completion-table") == [["2024", "2", "185.5", "218"]]


def test_dashboard_with_only_a_review_within_its_six_months_judges_none(client_for, secretariat):
    review_through(CSPFactory(name="Northdale CSP"), reference="NORTH-2024-003", death=D(2024, 9, 1),
                   notified=D(2024, 9, 20), decided=D(2024, 10, 1))
    client = client_for(secretariat)

    with clock.at(D(2025, 1, 1)):
        response = client.get("/dashboard/")

    assert parse(response).find(id="chart-completion-summary").text() == (
        "No review can be judged yet: none has been sent, and the 1 not sent are all within six months of the "
        "decision to review.")
    assert [row[:1] + row[2:] for row in rows(response, "breach-counts")][1] == [
        "Review completed and sent within six months of the decision", "0", "0"]


def test_dashboard_by_year_and_by_csp(two_reviews, client_for, secretariat):
    response = client_for(secretariat).get("/dashboard/")

    assert rows(response, "by-year") == [
        ["2024", "2", "7 (10)", "30 (40)", "5 (5)", "213 (213)", "10 (10)", "36 (38)", "20 (20)", "30 (30)"]]
    assert rows(response, "by-csp") == [
        ["Northdale CSP", "1", "10 (10)", "40 (40)", "5 (5)", "213 (213)", "10 (10)", "38 (38)", "20 (20)", "30 (30)"],
        ["Southvale CSP", "1", "4 (4)", "20 (20)", "none yet", "none yet", "10 (10)", "34 (34)", "20 (20)",
         "none yet"],
    ]


def test_dashboard_filters_by_csp_and_year(two_reviews, client_for, secretariat):
    north, south, late, waiting = two_reviews
    client = client_for(secretariat)

    by_csp = client.get("/dashboard/", {"csp": south.pk})
    other_year = client.get("/dashboard/", {"year": "2023"})

    assert parse(by_csp).find(id="reviews-count").text() == "1 review of Southvale CSP."
    assert [row[0] for row in rows(by_csp, "by-csp")] == ["Southvale CSP"]
    assert parse(other_year).find(id="reviews-count").text() == "0 reviews decided in 2023."
    assert parse(other_year).find(id="by-year") is None


@pytest.mark.parametrize("params, errors", [
    ({"year": "abc"}, [("#id_year", "Select a year from the list")]),
    ({"year": "1999"}, [("#id_year", "Select a year from the list")]),
    ({"year": "9" * 40}, [("#id_year", "Select a year from the list")]),
    ({"csp": "999999"}, [("#id_csp", "Select a CSP from the list")]),
    ({"csp": "x'; drop"}, [("#id_csp", "Select a CSP from the list")]),
    ({"csp": "9" * 40, "year": "-1"},
     [("#id_year", "Select a year from the list"), ("#id_csp", "Select a CSP from the list")]),
])
def test_dashboard_bad_filters_say_so_and_show_every_review(two_reviews, client_for, secretariat, params, errors):
    response = client_for(secretariat).get("/dashboard/", params)

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert parse(response).find(id="reviews-count").text() == "2 reviews."


def test_dashboard_csv_has_every_date_and_duration_and_is_audited(two_reviews, client_for, secretariat):
    north, south, late, waiting = two_reviews

    response = client_for(secretariat).get("/dashboard/export.csv", {"year": "2024"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines == [
        ["Reference", "CSP", "Year of decision", "Death", "CSP notified", "Decision to review",
         "Home Office notified", "First version sent", "Accepted at intake", "Panel meeting", "Letter issued",
         "Published", "Days: Death to CSP notified", "Days: CSP notified to decision",
         "Days: Decision to Home Office notified", "Days: Home Office notified to first version sent",
         "Days: First version sent to accepted", "Days: Accepted to Panel meeting",
         "Days: Panel meeting to letter issued", "Days: Letter issued to published", "Approved for publication",
         "Publication address"],
        ["NORTH-2024-001", "Northdale CSP", "2024", "2024-01-01", "2024-01-11", "2024-02-20", "2024-02-25",
         "2024-09-25", "2024-10-05", "2024-11-12", "2024-12-02", "2025-01-01", "10", "40", "5", "213", "10", "38",
         "20", "30", "Yes", "https://www.example.gov.uk/dhr/a"],
        ["SOUTH-2024-001", "Southvale CSP", "2024", "2024-03-01", "2024-03-05", "2024-03-25", "not yet",
         "2024-08-25", "2024-09-04", "2024-10-08", "2024-10-28", "not yet", "4", "20", "not yet", "not yet", "10",
         "34", "20", "not yet", "Yes", ""],
    ]
    event = AuditEvent.objects.get(action=AuditAction.DELAYS_EXPORTED)
    assert (event.actor, event.detail) == (secretariat, {"filters": {"year": 2024, "csp": None}, "rows": 2})


def test_dashboard_csv_cells_never_run_as_formulas(client_for, secretariat):
    review_through(CSPFactory(name="=HYPERLINK(\"http://x\")"), reference="EVIL-2024-001", death=D(2024, 1, 1),
                   notified=D(2024, 1, 2), decided=D(2024, 1, 3), sent=D(2024, 5, 1))

    response = client_for(secretariat).get("/dashboard/export.csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert lines[1][:2] == ["EVIL-2024-001", "'=HYPERLINK(\"http://x\")"]


def test_unpublished_lists_approved_reports_and_days_waiting(two_reviews, client_for, secretariat):
    response = client_for(secretariat).get("/dashboard/unpublished/")

    waited = (clock.today() - D(2024, 10, 28)).days
    assert rows(response, "unpublished") == [["SOUTH-2024-001", "Southvale CSP", "28 October 2024", str(waited)]]


@pytest.mark.parametrize("role", [{"csp_officer": True}, {"panel_member": True}, {"chair": True}])
@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/export.csv", "/dashboard/unpublished/"])
def test_dashboard_is_the_secretariats_alone(two_reviews, client_for, role, path):
    response = client_for(UserFactory(**role)).get(path)

    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.DELAYS_EXPORTED).count() == 0


def test_dashboard_with_no_reviews_says_so(client_for, secretariat):
    response = client_for(secretariat).get("/dashboard/")

    assert parse(response).find(id="reviews-count").text() == "0 reviews."
    paragraphs = [p.text() for p in parse(response).find(tag="main").find_all(tag="p")]
    assert paragraphs[-1] == "No reviews match these filters."
