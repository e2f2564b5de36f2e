"""The Home Office's list of submissions: filters, search, sorting, pages, ages and hostile parameters.

The CSV export is tested in tests/submissions/test_submission_export.py.
"""

import datetime

import pytest

from submissions.enums import CaseKind, PersonRole, ReviewType, SubmissionStatus
from tests.dhrqa.govuk_page import error_messages, error_summary, heading, parse, table_column
from tests.factories import CSPFactory, SubmissionFactory
from tests.submissions.sent_versions import LIST, get, many, received, sent

pytestmark = pytest.mark.django_db


def references(response):
    return [cell.split(" ")[0] for cell in table_column(response, 0)]


@pytest.fixture
def secretariat_client(client_for, secretariat):
    return client_for(secretariat)


def test_submission_list_default_oldest_received_first_and_no_drafts(secretariat_client):
    sent("B-2026-01", on=datetime.date(2026, 4, 2))
    sent("A-2026-01", on=datetime.date(2026, 4, 3))
    sent("C-2026-01", on=datetime.date(2026, 4, 1))
    SubmissionFactory(documents=False, status=SubmissionStatus.DRAFT, review__reference="DRAFT-2026-01")

    response = get(secretariat_client)

    assert (response.status_code, heading(response)) == (200, "Submissions")
    assert references(response) == ["C-2026-01", "B-2026-01", "A-2026-01"]
    assert table_column(response, 4) == ["1 April 2026", "2 April 2026", "3 April 2026"]


@pytest.mark.parametrize("member", ["panel_member", "chair"])
def test_submission_list_panel_forbidden(client_for, request, member):
    # The Panel sees the reviews of the meetings it sits on, through those meetings, not the whole caseload.
    sent("KENT-2026-01")
    client = client_for(request.getfixturevalue(member))

    response = get(client)

    assert (response.status_code, heading(response)) == (403, "You do not have permission to see this page")


def test_submission_list_csp_officer_forbidden(client_for, csp_officer):
    sent("KENT-2026-01", csp=csp_officer.csp)

    response = get(client_for(csp_officer))

    assert (response.status_code, heading(response)) == (403, "You do not have permission to see this page")


def test_submission_list_ages_in_days_on_today(secretariat_client):
    sent("KENT-2026-01", on=datetime.date(2026, 4, 1), death=datetime.date(2024, 3, 27))
    # 11:30pm on 30 April in UTC is already 1 May in London: received today, 0 days.
    sent("KENT-2026-02", on=datetime.datetime(2026, 4, 30, 23, 30, tzinfo=datetime.timezone.utc),
         death=datetime.date(2026, 4, 30))

    response = get(secretariat_client)

    assert table_column(response, 4) == ["1 April 2026", "1 May 2026"]
    assert table_column(response, 5) == ["30", "0"]
    assert table_column(response, 6) == ["765", "1"]


def test_submission_list_status_filter_any_of_the_ticked(secretariat_client):
    sent("A-2026-01", status=SubmissionStatus.SUBMITTED)
    sent("B-2026-01", status=SubmissionStatus.ACCEPTED)
    sent("C-2026-01", status=SubmissionStatus.CONCLUDED)

    response = get(secretariat_client, status=[SubmissionStatus.SUBMITTED, SubmissionStatus.CONCLUDED])

    assert references(response) == ["A-2026-01", "C-2026-01"]


def test_submission_list_csp_filter_one_csp(secretariat_client):
    kent = CSPFactory(name="Kent Community Safety Partnership")
    sent("KENT-2026-01", csp=kent)
    sent("MEDWAY-2026-01")

    response = get(secretariat_client, csp=kent.pk)

    assert references(response) == ["KENT-2026-01"]


@pytest.mark.parametrize(("case", "expected"), [
    (ReviewType.DHR, ["DHR-2026-01"]),
    (ReviewType.DARDR, ["DARDR-2026-01"]),
    (ReviewType.JOINT_SAR, []),
    (CaseKind.DECISION_NOT_TO_REVIEW, ["NOT-2026-01"]),
])
def test_submission_list_case_filter_review_type_or_decision(secretariat_client, case, expected):
    sent("DHR-2026-01", review_type=ReviewType.DHR)
    sent("DARDR-2026-01", review_type=ReviewType.DARDR)
    sent("NOT-2026-01", kind=CaseKind.DECISION_NOT_TO_REVIEW)

    response = get(secretariat_client, case=case)

    assert references(response) == expected


def test_submission_list_date_filters_whole_days_in_london(secretariat_client):
    # 11:30pm UTC on 31 March is 12:30am on 1 April in London (summer time).
    sent("MARCH-2026-01", on=datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.timezone.utc))
    sent("APRIL-2026-01", on=datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.timezone.utc))
    sent("APRIL-2026-02", on=received(datetime.date(2026, 4, 30), hour=23))
    sent("MAY-2026-01", on=received(datetime.date(2026, 5, 1), hour=0))

    response = get(secretariat_client, received_from_0="1", received_from_1="4", received_from_2="2026",
                   received_to_0="30", received_to_1="4", received_to_2="2026")

    assert references(response) == ["APRIL-2026-01", "APRIL-2026-02"]


def test_submission_list_date_from_alone(secretariat_client):
    sent("OLD-2026-01", on=datetime.date(2026, 1, 5))
    sent("NEW-2026-01", on=datetime.date(2026, 4, 5))

    response = get(secretariat_client, received_from_0="5", received_from_1="4", received_from_2="2026")

    assert references(response) == ["NEW-2026-01"]


def test_submission_list_date_to_alone(secretariat_client):
    sent("OLD-2026-01", on=datetime.date(2026, 1, 5))
    sent("NEW-2026-01", on=datetime.date(2026, 4, 5))

    response = get(secretariat_client, received_to_0="5", received_to_1="1", received_to_2="2026")

    assert references(response) == ["OLD-2026-01"]


@pytest.mark.parametrize(("q", "expected"), [
    ("kent-2026", ["KENT-2026-01", "KENT-2026-02"]),
    ("KENT-2026-02", ["KENT-2026-02"]),
    ("sarah", ["KENT-2026-02"]),
    ("ANDREW", ["KENT-2026-02"]),
    ("louise", ["KENT-2026-01", "MEDWAY-2026-01"]),
    ("medway community", ["MEDWAY-2026-01"]),
    ("50%", []),
])
def test_submission_list_search_reference_pseudonym_or_csp(secretariat_client, q, expected):
    medway = CSPFactory(name="Medway Community Safety Partnership")
    sent("KENT-2026-01")
    sent("KENT-2026-02", people=[(PersonRole.VICTIM, "Sarah"), (PersonRole.VICTIM, "Sarah Jane"),
                                 (PersonRole.PERPETRATOR, "Andrew")])
    sent("MEDWAY-2026-01", csp=medway)

    response = get(secretariat_client, q=q)

    assert references(response) == expected


def test_submission_list_filters_combine(secretariat_client):
    kent = CSPFactory(name="Kent Community Safety Partnership")
    sent("KENT-2026-01", csp=kent, status=SubmissionStatus.ACCEPTED)
    sent("KENT-2026-02", csp=kent, status=SubmissionStatus.SUBMITTED)
    sent("KENT-2026-03", csp=kent, status=SubmissionStatus.ACCEPTED, kind=CaseKind.DECISION_NOT_TO_REVIEW)
    sent("MEDWAY-2026-01", status=SubmissionStatus.ACCEPTED)

    response = get(secretariat_client, csp=kent.pk, status=SubmissionStatus.ACCEPTED, case=ReviewType.DHR, q="kent")

    assert references(response) == ["KENT-2026-01"]


def sortable_rows():
    north = CSPFactory(name="Northshire Community Safety Partnership")
    east = CSPFactory(name="Eastshire Community Safety Partnership")
    sent("B-2026-01", csp=north, on=datetime.date(2026, 4, 3), death=datetime.date(2025, 1, 1))
    sent("A-2026-01", csp=east, on=datetime.date(2026, 4, 1), death=datetime.date(2025, 6, 1))
    sent("C-2026-01", csp=north, on=datetime.date(2026, 4, 2), death=datetime.date(2024, 6, 1))


@pytest.mark.parametrize(("sort", "expected"), [
    ("received", ["A-2026-01", "C-2026-01", "B-2026-01"]),
    ("-received", ["B-2026-01", "C-2026-01", "A-2026-01"]),
    ("reference", ["A-2026-01", "B-2026-01", "C-2026-01"]),
    ("-reference", ["C-2026-01", "B-2026-01", "A-2026-01"]),
    ("csp", ["A-2026-01", "C-2026-01", "B-2026-01"]),
    ("-csp", ["B-2026-01", "C-2026-01", "A-2026-01"]),
    ("days-received", ["B-2026-01", "C-2026-01", "A-2026-01"]),
    ("-days-received", ["A-2026-01", "C-2026-01", "B-2026-01"]),
    ("days-death", ["A-2026-01", "B-2026-01", "C-2026-01"]),
    ("-days-death", ["C-2026-01", "B-2026-01", "A-2026-01"]),
])
def test_submission_list_sort_each_column_both_ways(secretariat_client, sort, expected):
    sortable_rows()

    response = get(secretariat_client, sort=sort)

    assert references(response) == expected


def sort_headers(response):
    """{header text: (aria-sort, link)} for the table's column headers."""
    cells = parse(response).find(tag="thead").find_all(tag="th")
    return {
        cell.text(): (cell.attrs.get("aria-sort"), cell.find(tag="a").attrs["href"] if cell.find(tag="a") else None)
        for cell in cells
    }


def test_submission_list_headers_aria_sort_and_links_keep_filters(secretariat_client):
    sortable_rows()

    response = get(secretariat_client, sort="-csp", status=SubmissionStatus.SUBMITTED, q="shire", page="1")

    keep = "q=shire&status=submitted"
    assert sort_headers(response) == {
        "Reference": ("none", f"?{keep}&sort=reference"),
        "CSP": ("descending", f"?{keep}&sort=csp"),
        "Victim": (None, None),
        "Status": (None, None),
        "Received": ("none", f"?{keep}&sort=received"),
        "Days since received": ("none", f"?{keep}&sort=days-received"),
        "Days since death": ("none", f"?{keep}&sort=days-death"),
    }


def test_submission_list_default_sort_header_ascending_links_to_reverse(secretariat_client):
    sortable_rows()

    response = get(secretariat_client)

    assert sort_headers(response)["Received"] == ("ascending", "?sort=-received")


def pagination_links(response):
    nav = parse(response).find(tag="nav", cls="govuk-pagination")
    return [] if nav is None else [link.attrs["href"] for link in nav.find_all(tag="a")]


def test_submission_list_fifty_a_page_links_keep_filters_and_sort(secretariat_client):
    many(51, status=SubmissionStatus.ACCEPTED)
    sent("OTHER-2026-01", status=SubmissionStatus.SUBMITTED)

    first = get(secretariat_client, status=SubmissionStatus.ACCEPTED, sort="-received")
    second = get(secretariat_client, status=SubmissionStatus.ACCEPTED, sort="-received", page="2")

    assert references(first) == [f"R-2026-{number:03d}" for number in range(51, 1, -1)]
    assert references(second) == ["R-2026-001"]
    assert pagination_links(first) == [
        "?status=accepted&sort=-received&page=1", "?status=accepted&sort=-received&page=2",
        "?status=accepted&sort=-received&page=2",
    ]
    assert parse(first).find(tag="caption").text() == "Showing 1 to 50 of 51 submissions"
    assert parse(second).find(tag="caption").text() == "Showing 51 to 51 of 51 submissions"


def selected_filters(response):
    """[(heading, [(tag text, link)])] from the MoJ filter's "Selected filters"."""
    selected = parse(response).find(cls="moj-filter__selected")
    if selected is None:
        return []
    found = []
    for element in selected.iter():
        if element.tag == "h3":
            found.append((element.text(), []))
        elif "moj-filter__tag" in element.classes:
            found[-1][1].append((element.text(include_hidden=False), element.attrs["href"]))
    return found


def test_submission_list_selected_filters_each_removable(secretariat_client):
    kent = CSPFactory(name="Kent Community Safety Partnership")
    sent("KENT-2026-01", csp=kent)

    response = get(secretariat_client, q="kent", status=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED],
                   csp=kent.pk, received_from_0="1", received_from_1="4", received_from_2="2026", sort="reference")

    rest = f"status=submitted&status=accepted&csp={kent.pk}&received_from_0=1&received_from_1=4&received_from_2=2026"
    assert selected_filters(response) == [
        ("Search", [("kent", f"?{rest}&sort=reference")]),
        ("Status", [
            ("Received", f"?q=kent&status=accepted&csp={kent.pk}&received_from_0=1&received_from_1=4"
                         "&received_from_2=2026&sort=reference"),
            ("Accepted", f"?q=kent&status=submitted&csp={kent.pk}&received_from_0=1&received_from_1=4"
                         "&received_from_2=2026&sort=reference"),
        ]),
        ("CSP", [("Kent Community Safety Partnership",
                  "?q=kent&status=submitted&status=accepted&received_from_0=1&received_from_1=4"
                  "&received_from_2=2026&sort=reference")]),
        ("Date received", [("From 1 April 2026",
                            f"?q=kent&status=submitted&status=accepted&csp={kent.pk}&sort=reference")]),
    ]
    clear = parse(response).find(cls="moj-filter__heading-action").find(tag="a")
    assert (clear.text(), clear.attrs["href"]) == ("Clear filters", "?sort=reference")


def test_submission_list_no_match_says_so(secretariat_client):
    sent("KENT-2026-01")

    response = get(secretariat_client, q="nobody")

    assert references(response) == []
    assert parse(response).find(tag="main").find_all(tag="p", cls="govuk-body")[-1].text() == (
        "No submissions match these filters."
    )


HOSTILE = [
    ({"status": "bogus"}, "id_status_1_error", "Select a status from the list"),
    ({"status": ["submitted", "draft"]}, "id_status_1_error", "Select a status from the list"),
    ({"csp": "abc"}, "id_csp_1_error", "Select a CSP from the list"),
    ({"csp": "99999999999999999999999"}, "id_csp_1_error", "Select a CSP from the list"),
    ({"csp": "-1"}, "id_csp_1_error", "Select a CSP from the list"),
    ({"case": "murder"}, "id_case_1_error", "Select a type of case from the list"),
    ({"received_from_0": "99", "received_from_1": "99", "received_from_2": "99999"},
     "id_received_from_1_error", "Date received from must be a real date"),
    ({"received_from_0": "1234567890", "received_from_1": "1", "received_from_2": "2026"},
     "id_received_from_1_error", "Date received from must be a real date"),
    ({"received_from_0": "31", "received_from_1": "2", "received_from_2": "2026"},
     "id_received_from_1_error", "Date received from must be a real date"),
    ({"received_to_0": "1\x00", "received_to_1": "1", "received_to_2": "2026"},
     "id_received_to_1_error", "Date received to must be a real date"),
    ({"received_from_0": "1", "received_from_2": "2026"},
     "id_received_from_1_error", "Date received from must include a day, month and year"),
    ({"received_to_0": "2", "received_to_1": "5", "received_to_2": "2026"},
     "id_received_to_1_error", "Date received to must be today or in the past"),
    ({"received_to_0": "31", "received_to_1": "12", "received_to_2": "9999"},
     "id_received_to_1_error", "Date received to must be today or in the past"),
    ({"received_from_0": "1", "received_from_1": "1", "received_from_2": "1066"},
     "id_received_from_1_error", "Date received from must be on or after 1 January 1900"),
    ({"received_from_0": "1", "received_from_1": "4", "received_from_2": "2026",
      "received_to_0": "31", "received_to_1": "3", "received_to_2": "2026"},
     "id_received_to_1_error", "Date received to must be the same as or after date received from"),
    ({"q": "Louise\x00"}, "id_q_1_error", "Search must not contain control characters"),
    ({"q": "x" * 10_000}, "id_q_1_error", "Search must be 200 characters or fewer"),
    ({"q": "Lou\u202eise"}, "id_q_1_error", "Search must not contain characters that change the direction of text"),
]


@pytest.mark.parametrize(("params", "error_id", "message"), HOSTILE)
def test_submission_list_hostile_parameter_message_and_rest_of_list(secretariat_client, params, error_id, message):
    sent("KENT-2026-01")

    response = get(secretariat_client, **params)

    assert response.status_code == 200
    assert error_messages(response) == {error_id: message}
    assert [text for _, text in error_summary(response)] == [message]
    assert parse(response).find(tag="title").text().startswith("Error: Submissions")
    # The field in error filters nothing: the list is what the other fields select.
    assert references(response) == ["KENT-2026-01"]


@pytest.mark.parametrize(("page", "expected_first"), [
    ("abc", "R-2026-001"), ("-1", "R-2026-001"), ("0", "R-2026-001"), ("1.5", "R-2026-001"),
    ("9" * 5000, "R-2026-001"), ("2", "R-2026-051"), ("999999", "R-2026-051"),
])
def test_submission_list_hostile_page_sane_page(secretariat_client, page, expected_first):
    many(51)

    response = get(secretariat_client, page=page)

    assert (response.status_code, references(response)[0], error_messages(response)) == (200, expected_first, {})


@pytest.mark.parametrize("sort", ["anything", "--received", "received\x00", "-", "", "id", "review__csp__name"])
def test_submission_list_hostile_sort_default_order(secretariat_client, sort):
    sortable_rows()

    response = get(secretariat_client, sort=sort)

    assert (response.status_code, references(response)) == (200, ["A-2026-01", "C-2026-01", "B-2026-01"])
    assert sort_headers(response)["Received"][0] == "ascending"


def test_submission_list_flood_of_parameters_bad_request_not_error(secretariat_client):
    sent("KENT-2026-01")
    flood = "&".join(["status=submitted"] * 1001)

    response = secretariat_client.get(f"{LIST}?{flood}")

    # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters before the view runs.
    assert response.status_code == 400
