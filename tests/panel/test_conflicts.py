"""A panel member declares a conflict of interest with a review: they lose sight of it, and the record shows it."""

import datetime

import pytest
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction
from panel.enums import ConflictKind
from panel.models import Assessment, ConflictOfInterest, MeetingMember, ReaderAssignment
from panel.refusals import ConflictAlreadyDeclared, NotAPanelMember
from panel.services.readers import declare_conflict
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from tests.dhrqa.govuk_page import error_summary, heading, notification_banners, parse
from tests.factories import AgendaItemFactory, MeetingFactory, SubmissionFactory, UserFactory, VerdictFactory
from tests.panel.reading import choices, conflict, draft, links, reader_of, submitted, table_rows
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db

REASON = "I chaired the agency panel that contributed to this review."


@pytest.fixture
def member():
    return UserFactory(panel_member=True, full_name="Alex Member", email="alex@panel.example")


@pytest.fixture
def item(member, secretariat):
    """On a meeting whose papers are out, with its documents; `member` sits on the meeting."""
    item = AgendaItemFactory(meeting__released=True, meeting__created_by=secretariat, position=1)
    MeetingMember.objects.create(meeting=item.meeting, member=member, invited_by=secretariat)
    return item


@pytest.fixture
def review(item):
    return item.submission.review


def conflict_url(item):
    return reverse("panel:declare_conflict", kwargs={"pk": item.pk})


# declare_conflict


def test_declare_conflict_saved_and_audited(item, review, member):
    saved = declare_conflict(review=review, member=member, kind=ConflictKind.PROFESSIONAL, reason=f"  {REASON}\n")

    conflict_row = ConflictOfInterest.objects.get()
    assert (conflict_row.pk, conflict_row.review, conflict_row.member, conflict_row.kind, conflict_row.reason) == (
        saved.pk, review, member, ConflictKind.PROFESSIONAL, REASON)
    assert audit_trail(saved) == [(member.pk, AuditAction.CONFLICT_DECLARED, {"kind": "professional"})]


@pytest.mark.parametrize(("make", "status"), [(None, "not_started"), (draft, "draft"), (submitted, "submitted")])
def test_declare_conflict_reader_of_undecided_item_taken_off_with_assessment(item, review, member, make, status):
    assignment = reader_of(item, member)
    if make:
        make(assignment)

    declare_conflict(review=review, member=member, kind=ConflictKind.PERSONAL, reason=REASON)

    assert (ReaderAssignment.objects.count(), Assessment.objects.count()) == (0, 0)
    assert audit_trail(assignment) == [(member.pk, AuditAction.READER_REMOVED, {
        "reader": "alex@panel.example", "had_draft": make is not None, "assessment": status,
        "reason": "conflict of interest declared"})]


def test_declare_conflict_reading_of_a_decided_version_kept(item, review, member):
    Submission.objects.filter(pk=item.submission_id).update(number=2)
    earlier = VerdictFactory(agenda_item__submission=SubmissionFactory(
        review=review, number=1, status=SubmissionStatus.CHANGES_REQUESTED, documents=False)).agenda_item
    kept = submitted(reader_of(earlier, member)).assignment

    declare_conflict(review=review, member=member, kind=ConflictKind.LOCAL_AREA, reason=REASON)

    assert (earlier.submission.review, list(ReaderAssignment.objects.values_list("pk", flat=True))) == (
        review, [kept.pk])


def test_declare_conflict_other_reviews_readings_kept(item, review, member):
    other = reader_of(AgendaItemFactory(meeting=item.meeting, position=2, submission__documents=False), member)

    declare_conflict(review=review, member=member, kind=ConflictKind.OTHER, reason=REASON)

    assert list(ReaderAssignment.objects.values_list("pk", flat=True)) == [other.pk]


def test_declare_conflict_second_time_refused(item, review, member):
    conflict(member, review)

    with pytest.raises(ConflictAlreadyDeclared) as refused:
        declare_conflict(review=review, member=member, kind=ConflictKind.OTHER, reason=REASON)

    assert str(refused.value) == f"You have already declared a conflict of interest with {review.reference}"
    assert ConflictOfInterest.objects.count() == 1


def test_declare_conflict_secretariat_refused(review, secretariat):
    with pytest.raises(NotAPanelMember):
        declare_conflict(review=review, member=secretariat, kind=ConflictKind.OTHER, reason=REASON)

    assert not ConflictOfInterest.objects.exists()


def test_declare_conflict_unknown_kind_refused(review, member):
    with pytest.raises(ValueError, match="'bribery' is not a kind of conflict of interest"):
        declare_conflict(review=review, member=member, kind="bribery", reason=REASON)

    assert not ConflictOfInterest.objects.exists()


# The page


def test_declare_conflict_page_offers_each_kind(client_for, item, member):
    response = client_for(member).get(conflict_url(item))

    assert heading(response) == "Declare a conflict of interest"
    assert choices(response, "kind") == [("personal", "Personal"), ("professional", "Professional or employer"),
                                         ("local_area", "Local area"), ("other", "Other")]
    assert parse(response).find(cls="govuk-warning-text") is None


def test_declare_conflict_page_warns_a_reader_their_draft_goes(client_for, item, member):
    draft(reader_of(item, member))

    response = client_for(member).get(conflict_url(item))

    assert parse(response).find(cls="govuk-warning-text__text").text(include_hidden=False) == (
        "You are reading this report. You will stop being its reader, and your draft assessment will be deleted.")


def test_declare_conflict_item_page_links_to_it(client_for, item, member):
    response = client_for(member).get(reverse("panel:agenda_item_detail", kwargs={"pk": item.pk}))

    assert ("Declare a conflict of interest with this review", conflict_url(item)) in links(response)


def test_declare_conflict_post_declares_and_shows_it_in_my_reviews(client_for, item, review, member):
    client = client_for(member)
    moment = datetime.datetime(2026, 11, 20, 14, 30, tzinfo=datetime.UTC)

    with clock.at(moment):
        response = client.post(conflict_url(item), {"kind": "local_area", "reason": REASON}, follow=True)

    assert response.redirect_chain == [(reverse("panel:my_reviews"), 302)]
    assert notification_banners(response) == [f"You have declared a conflict of interest with {review.reference}"]
    assert table_rows(response, id="conflicts") == [[review.reference, "Local area", "20 November 2026 at 2:30pm"]]
    saved = ConflictOfInterest.objects.get()
    assert (saved.member, saved.review, saved.kind, saved.reason) == (member, review, "local_area", REASON)


@pytest.mark.parametrize(("data", "errors"), [
    ({}, [("#id_kind_1", "Select the type of conflict of interest"),
          ("#id_reason", "Enter the reason for your conflict of interest")]),
    ({"kind": "bribery", "reason": REASON}, [("#id_kind_1", "Select the type of conflict of interest")]),
    ({"kind": ["personal", "other"] * 500, "reason": REASON}, None),
    ({"kind": "personal", "reason": " \r\n\t "}, [("#id_reason", "Enter the reason for your conflict of interest")]),
    ({"kind": "personal", "reason": "x" * 2001},
     [("#id_reason", "Reason for your conflict of interest must be 2,000 characters or fewer")]),
    ({"kind": "personal", "reason": "I know\x00them"},
     [("#id_reason", "Reason for your conflict of interest must not contain control characters")]),
    ({"kind": "personal", "reason": "I know \u202ethem"},
     [("#id_reason", "Reason for your conflict of interest must not contain characters that change the direction "
                     "of text")]),
])
def test_declare_conflict_bad_input_shows_errors_and_saves_nothing(client_for, item, member, data, errors):
    response = client_for(member).post(conflict_url(item), data)

    if errors is None:
        # More fields than Django parses: refused before the view.
        assert response.status_code == 400
    else:
        assert (response.status_code, error_summary(response)) == (200, errors)
        assert parse(response).find(tag="title").text().startswith("Error: ")
    assert not ConflictOfInterest.objects.exists()


@pytest.mark.parametrize("who", ["secretariat", "csp_officer", "panel member not on the meeting", "already"])
def test_declare_conflict_not_a_member_of_the_meeting_not_found(client_for, item, review, member, who):
    if who == "already":
        conflict(member, review)
        person = member
    elif who == "panel member not on the meeting":
        person = UserFactory(panel_member=True)
    else:
        person = UserFactory(**{who: True})
    client = client_for(person)

    assert client.get(conflict_url(item)).status_code == 404
    assert client.post(conflict_url(item), {"kind": "other", "reason": REASON}).status_code == 404
    assert ConflictOfInterest.objects.filter(member=person).count() == (1 if who == "already" else 0)


def test_declare_conflict_meeting_chair_may_declare(client_for, item, review):
    response = client_for(item.meeting.chair).post(conflict_url(item), {"kind": "personal", "reason": REASON})

    assert response["Location"] == reverse("panel:my_reviews")
    assert ConflictOfInterest.objects.get().member == item.meeting.chair


# What a conflicted member no longer sees


def test_conflicted_member_item_page_and_documents_not_found(client_for, item, member):
    client = client_for(member)
    item_url = reverse("panel:agenda_item_detail", kwargs={"pk": item.pk})
    document = item.submission.documents.first()
    document_url = reverse("panel:item_document", kwargs={"pk": item.pk, "document_pk": document.pk})
    before = (client.get(item_url).status_code, client.head(document_url).status_code)

    client.post(conflict_url(item), {"kind": "personal", "reason": REASON})

    assert before == (200, 200)
    assert (client.get(item_url).status_code, client.get(document_url).status_code,
            client.head(document_url).status_code) == (404, 404, 404)


def test_conflicted_member_may_not_read_assessments(item, member):
    reader_of(item)
    may_before = member.has_perm("panel.read_assessments", item)

    declare_conflict(review=item.submission.review, member=member, kind="personal", reason=REASON)

    assert (may_before, member.has_perm("panel.read_assessments", item)) == (True, False)


def test_conflicted_member_assessments_page_not_found(client_for, item, member):
    client = client_for(member)
    client.post(conflict_url(item), {"kind": "personal", "reason": REASON})

    assert client.get(reverse("panel:assessments", kwargs={"pk": item.pk})).status_code == 404


def test_conflicted_chair_verdict_pages_not_found(client_for, secretariat):
    verdict = VerdictFactory(agenda_item__submission__documents=False)
    chair, item = verdict.agenda_item.meeting.chair, verdict.agenda_item
    client = client_for(chair)
    item_url = reverse("panel:agenda_item_detail", kwargs={"pk": item.pk})
    before = client.get(item_url).status_code

    client.post(conflict_url(item), {"kind": "professional", "reason": REASON})

    assert before == 200
    assert [client.get(reverse(name, kwargs={"pk": item.pk})).status_code
            for name in ("panel:agenda_item_detail", "panel:verdict_record", "panel:verdict_confirm")] == [404] * 3


def test_conflict_recusal_shown_on_the_item_page(client_for, item, member):
    client_for(member).post(conflict_url(item), {"kind": "personal", "reason": REASON})
    other = UserFactory(panel_member=True)
    MeetingMember.objects.create(meeting=item.meeting, member=other, invited_by=item.meeting.created_by)

    response = client_for(other).get(reverse("panel:agenda_item_detail", kwargs={"pk": item.pk}))

    main = parse(response).find(tag="main")
    recusals = next(h2 for h2 in main.find_all(tag="h2") if h2.text() == "Recusals")
    listed = recusals.parent.children[recusals.parent.children.index(recusals) + 2]
    assert [li.text() for li in listed.find_all(tag="li")] == [
        "Alex Member declared a personal conflict of interest and takes no part in this item."]
