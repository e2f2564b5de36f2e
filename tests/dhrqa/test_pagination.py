"""Every list shows 50 rows a page, with GOV.UK pagination, and reads any `page` sanely."""

import datetime

import pytest
from django.urls import reverse

from dhrqa.pagination import PER_PAGE, page_number
from tests.dhrqa.govuk_page import parse, table_column
from tests.factories import MeetingFactory, ReviewFactory, UserFactory


@pytest.mark.parametrize(("value", "expected"), [
    ("1", 1), ("2", 2), ("007", 7), ("999999", 999999), (None, 1), ("", 1), ("abc", 1), ("-1", 1), ("0", 1),
    ("1.5", 1), (" 2", 1), ("\u0663", 1), ("9" * 10, 1), ("2\x00", 1),
])
def test_page_number_whole_numbers_from_one(value, expected):
    assert page_number(value) == expected


def pagination_links(response):
    nav = parse(response).find(tag="nav", cls="govuk-pagination")
    return [] if nav is None else [(link.text(), link.attrs["href"]) for link in nav.find_all(tag="a")]


def test_per_page_fifty():
    assert PER_PAGE == 50


@pytest.mark.django_db
def test_user_list_fifty_a_page(client_for, secretariat):
    for number in range(PER_PAGE):
        UserFactory(csp_officer=True, full_name=f"Officer {number:02d}")
    client = client_for(secretariat)

    first = client.get(reverse("user_list"))
    second = client.get(reverse("user_list"), {"page": "2"})

    assert table_column(first) == [f"Officer {number:02d}" for number in range(PER_PAGE)]
    assert table_column(second) == [secretariat.full_name]
    assert pagination_links(first) == [("1", "?page=1"), ("2", "?page=2"), ("Next page", "?page=2")]
    assert pagination_links(second) == [("Previous page", "?page=1"), ("1", "?page=1"), ("2", "?page=2")]


@pytest.mark.django_db
def test_meeting_list_fifty_a_page_latest_first(client_for, secretariat):
    chair = UserFactory(chair=True)
    first_day = datetime.date(2026, 1, 7)
    for week in range(PER_PAGE + 1):
        MeetingFactory(date=first_day + datetime.timedelta(weeks=week), chair=chair)
    client = client_for(secretariat)

    first = client.get(reverse("panel:meeting_list"))
    last = client.get(reverse("panel:meeting_list"), {"page": "999"})

    assert len(table_column(first)) == PER_PAGE
    assert table_column(first)[0] == "23 December 2026"
    assert table_column(last) == ["7 January 2026"]
    assert pagination_links(first)[-1] == ("Next page", "?page=2")


@pytest.mark.django_db
def test_review_list_fifty_a_page_newest_first(client_for, csp_officer):
    for number in range(1, PER_PAGE + 2):
        ReviewFactory(csp=csp_officer.csp, reference=f"KENT-2026-{number:02d}", reference_number=number)
    client = client_for(csp_officer)

    first = client.get(reverse("submissions:review_list"))
    second = client.get(reverse("submissions:review_list"), {"page": "2"})
    hostile = client.get(reverse("submissions:review_list"), {"page": "-1"})

    assert table_column(first) == [f"KENT-2026-{number:02d}" for number in range(PER_PAGE + 1, 1, -1)]
    assert table_column(second) == ["KENT-2026-01"]
    assert (hostile.status_code, table_column(hostile)) == (200, table_column(first))
