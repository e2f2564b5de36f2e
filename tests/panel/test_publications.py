"""The CSP records where and when it published a report the Panel approved; the review page shows it."""

import datetime

import pytest

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.models import Publication
from panel.refusals import NotApprovedForPublication
from panel.services.publications import record_publication
from tests.dhrqa.govuk_page import error_summary, parse
from tests.factories import CSPFactory, UserFactory
from tests.panel.crossing import race
from tests.panel.delays import review_through

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "https://www.northdale.example/community-safety/dhr/anna"


def dated(day, prefix="published_on"):
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


@pytest.fixture
def approved(db):
    csp = CSPFactory(name="Northdale CSP")
    review = review_through(csp, reference="NORTH-2024-002", death=D(2024, 1, 1), notified=D(2024, 1, 8),
                            decided=D(2024, 1, 29), sent=D(2024, 8, 1), accepted=D(2024, 8, 8),
                            meeting=D(2024, 9, 10), letter=D(2024, 10, 1))
    return review, UserFactory(csp_officer=True, csp=csp)


def test_csp_records_publication_and_the_review_shows_it(approved, client_for, secretariat):
    review, officer = approved
    client = client_for(officer)

    response = client.post("/reviews/NORTH-2024-002/publication/", {"url": URL, **dated(D(2024, 11, 4))})
    page = client.get("/reviews/NORTH-2024-002/")

    assert (response.status_code, response["Location"]) == (302, "/reviews/NORTH-2024-002/")
    publication = Publication.objects.get()
    assert (publication.review, publication.url, publication.published_on, publication.recorded_by) == (
        review, URL, D(2024, 11, 4), officer)
    event = AuditEvent.objects.get(action=AuditAction.PUBLICATION_RECORDED)
    assert (event.actor, event.review_reference, event.detail) == (
        officer, "NORTH-2024-002", {"url": URL, "published_on": "2024-11-04", "replaced": None})
    section = parse(page).find(tag="dl", cls="govuk-summary-list")
    published = [row.text() for row in parse(page).find(tag="main").find_all(cls="govuk-summary-list__row")]
    assert published[-2:] == ["Date published 4 November 2024", f"Web address {URL}"]
    assert section is not None
    assert [moment.text() for moment in parse(page).find_all(cls="moj-timeline__title")] == ["Publication recorded"]
    # The secretariat reads the same, with no link to change it.
    shown = client_for(secretariat).get("/reviews/NORTH-2024-002/")
    assert [row.text() for row in parse(shown).find(tag="main").find_all(cls="govuk-summary-list__row")][-2:] == \
        ["Date published 4 November 2024", f"Web address {URL}"]
    assert b"/reviews/NORTH-2024-002/publication/" not in shown.content


def test_correcting_publication_replaces_it_and_keeps_the_old_in_the_audit_trail(approved, client_for):
    review, officer = approved
    client = client_for(officer)
    client.post("/reviews/NORTH-2024-002/publication/", {"url": URL, **dated(D(2024, 11, 4))})

    client.post("/reviews/NORTH-2024-002/publication/", {"url": URL + "-final", **dated(D(2024, 11, 5))})

    assert list(Publication.objects.values_list("url", "published_on")) == [(URL + "-final", D(2024, 11, 5))]
    assert [event.detail["replaced"] for event in AuditEvent.objects.filter(
        action=AuditAction.PUBLICATION_RECORDED).order_by("id")] == [
        None, {"url": URL, "published_on": "2024-11-04"}]


@pytest.mark.parametrize("url, day, errors", [
    ("", D(2024, 11, 4), [("#id_url", "Enter the web address of the published report")]),
    ("http://www.northdale.example/dhr", D(2024, 11, 4), [("#id_url", "Web address must start with https://")]),
    ("https://", D(2024, 11, 4),
     [("#id_url", "Enter a web address in the correct format, like https://www.example.gov.uk/dhr/louise")]),
    ("https://exa mple.gov.uk/x", D(2024, 11, 4),
     [("#id_url", "Enter a web address in the correct format, like https://www.example.gov.uk/dhr/louise")]),
    ("https://localhost/dhr", D(2024, 11, 4),
     [("#id_url", "Enter the address of a public web page, like https://www.example.gov.uk/dhr/louise")]),
    ("https://10.0.0.1/dhr", D(2024, 11, 4),
     [("#id_url", "Enter the address of a public web page, like https://www.example.gov.uk/dhr/louise")]),
    ("https://me:secret@www.northdale.example/dhr", D(2024, 11, 4),
     [("#id_url", "Enter the address of a public web page, like https://www.example.gov.uk/dhr/louise")]),
    ("https://www.northdale.example/" + "a" * 500, D(2024, 11, 4),
     [("#id_url", "Web address must be 500 characters or fewer")]),
    ("javascript:alert(1)", D(2024, 11, 4), [("#id_url", "Web address must start with https://")]),
    (URL, D(2024, 9, 30),
     [("#id_published_on_0", "Date published must be on or after the date the letter was issued, 1 October 2024")]),
    (URL, "tomorrow", [("#id_published_on_0", "Date published must be today or in the past")]),
])
def test_bad_publication_says_why_and_stores_nothing(approved, client_for, url, day, errors):
    review, officer = approved
    if day == "tomorrow":
        day = clock.today() + datetime.timedelta(days=1)

    response = client_for(officer).post("/reviews/NORTH-2024-002/publication/", {"url": url, **dated(day)})

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert (Publication.objects.count(), AuditEvent.objects.filter(action=AuditAction.PUBLICATION_RECORDED).count()) \
        == (0, 0)


def test_half_a_date_or_nonsense_is_refused(approved, client_for):
    review, officer = approved

    response = client_for(officer).post("/reviews/NORTH-2024-002/publication/", {
        "url": URL, "published_on_0": "4", "published_on_1": "", "published_on_2": "2024"})
    nonsense = client_for(officer).post("/reviews/NORTH-2024-002/publication/", {
        "url": URL, "published_on_0": "31", "published_on_1": "2", "published_on_2": "2025"})

    assert error_summary(response) == [("#id_published_on_0", "Date published must include a day, month and year")]
    assert error_summary(nonsense) == [("#id_published_on_0", "Date published must be a real date")]
    assert Publication.objects.count() == 0


def test_a_report_not_approved_cannot_be_recorded_as_published(client_for):
    csp = CSPFactory()
    review_through(csp, reference="NORTH-2024-003", death=D(2024, 1, 1), notified=D(2024, 1, 8),
                   decided=D(2024, 1, 29), sent=D(2024, 8, 1), accepted=D(2024, 8, 8), meeting=D(2024, 9, 10),
                   letter=D(2024, 10, 1), outcome_code="publish_after_changes")
    client = client_for(UserFactory(csp_officer=True, csp=csp))

    page = client.get("/reviews/NORTH-2024-003/publication/")
    posted = client.post("/reviews/NORTH-2024-003/publication/", {"url": URL, **dated(D(2024, 11, 4))})
    review_page = client.get("/reviews/NORTH-2024-003/")

    assert parse(page).find(cls="govuk-inset-text").text() == (
        "You can record publication once the Panel's letter approving the report has been issued.")
    assert b'name="url"' not in page.content
    assert (posted.status_code, parse(posted).find(cls="govuk-inset-text").text()) == (
        200, "You can record publication once the Panel's letter approving the report has been issued.")
    assert Publication.objects.count() == 0
    assert b"/reviews/NORTH-2024-003/publication/" not in review_page.content


def test_published_report_leaves_the_unpublished_list(approved, client_for, secretariat):
    review, officer = approved
    before = client_for(secretariat).get("/dashboard/unpublished/")
    client_for(officer).post("/reviews/NORTH-2024-002/publication/", {"url": URL, **dated(D(2024, 11, 4))})

    after = client_for(secretariat).get("/dashboard/unpublished/")

    assert parse(before).find(tag="caption").text() == "Showing 1 to 1 of 1 report"
    assert parse(after).find(tag="main").find_all(tag="p")[-1].text() == "Every approved report has been published."


def test_record_publication_refuses_a_report_whose_letter_is_not_issued():
    csp = CSPFactory()
    review = review_through(csp, death=D(2024, 1, 1), notified=D(2024, 1, 8), decided=D(2024, 1, 29),
                            sent=D(2024, 8, 1), accepted=D(2024, 8, 8), meeting=D(2024, 9, 10))

    with pytest.raises(NotApprovedForPublication):
        record_publication(review=review, url=URL, published_on=D(2024, 11, 4),
                           recorded_by=UserFactory(csp_officer=True, csp=csp))
    assert Publication.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_first_recordings_at_once_take_turns_and_the_second_replaces_the_first(approved):
    review, officer = approved
    other = "https://www.northdale.example/dhr/anna-report"

    first, second, waited = race(
        lambda: record_publication(review=review, url=URL, published_on=D(2024, 11, 4), recorded_by=officer),
        lambda: record_publication(review=review, url=other, published_on=D(2024, 11, 5), recorded_by=officer))

    assert waited is True
    assert (isinstance(first, Publication), isinstance(second, Publication)) == (True, True)
    assert list(Publication.objects.values_list("url", "published_on")) == [(other, D(2024, 11, 5))]
    assert list(AuditEvent.objects.filter(action=AuditAction.PUBLICATION_RECORDED).order_by("id")
                .values_list("detail", flat=True)) == [
        {"url": URL, "published_on": "2024-11-04", "replaced": None},
        {"url": other, "published_on": "2024-11-05", "replaced": {"url": URL, "published_on": "2024-11-04"}}]
