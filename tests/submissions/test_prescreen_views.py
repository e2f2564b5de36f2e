"""The pre-screen as people see it: the CSP's task list, findings and reasons; the readers; the secretariat."""

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from dhrqa.transitions import IllegalTransition
from submissions.enums import DocumentKind, PrescreenStatus, SubmissionStatus, TextStatus
from submissions.models import LexiconEntry, Prescreen, PrescreenFinding
from submissions.services.lexicon import add_entry, change_entry
from submissions.services.prescreen import consider_finding, run_prescreen
from tests.dhrqa.govuk_page import error_messages, heading, parse, text_of
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory
from tests.panel.assessing import reader_of
from tests.submissions.posted import version_url
from tests.submissions.prescreen_data import checked_draft, with_text

pytestmark = pytest.mark.django_db
REASON = "We quote the record of the GP word for word, and say so."


@pytest.fixture
def draft():
    return checked_draft()


@pytest.fixture
def officer(draft):
    return draft.created_by


def finding(draft, rule="failed to engage"):
    return PrescreenFinding.objects.get(submission=draft, rule=rule)


def _title(card):
    title = card.find(cls="govuk-summary-card__title")
    caption = title.find(cls="govuk-caption-m")
    return title.text(include_hidden=False).removesuffix(caption.text() if caption else "").strip()


def cards(response):
    """(title, passage, status) of each finding on the page."""
    return [
        (_title(card),
         [value.text() for value in card.find_all(cls="govuk-summary-list__value")][0],
         card.find(cls="govuk-tag").text())
        for card in parse(response).find_all(cls="govuk-summary-card")
    ]


def test_task_list_shows_the_open_findings(client_for, draft, officer):
    response = client_for(officer).get(version_url("version_detail", draft))

    total = PrescreenFinding.objects.filter(submission=draft).count()
    assert text_of(response, id="task-prepare-the-submission-pre-screen") == f"{total} open findings"


def test_prescreen_page_groups_findings_with_passage_where_and_why(client_for, draft, officer):
    response = client_for(officer).get(version_url("prescreen", draft))

    headings = [h2.text() for h2 in parse(response).find_all(tag="h2")]
    assert heading(response) == "Pre-screen of the documents"
    assert headings[:2] == ["Language (2)", "Model sections (16)"]
    assert cards(response)[:2] == [
        ("Overview report, page 2, paragraph 2.1", "2.1 Friends called it a volatile relationship.", "Open"),
        ("Overview report, page 2, paragraph 2.2", "2.2 Louise failed to engage with the IDVA.", "Open"),
    ]
    assert "It blames the victim for what services did not offer." in response.content.decode()


def test_consider_with_reason_marks_it_and_shows_the_reason(client_for, draft, officer):
    client = client_for(officer)
    target = finding(draft)

    response = client.post(version_url("prescreen_consider", draft, pk=target.pk), {"reason": REASON}, follow=True)

    target.refresh_from_db()
    assert (target.considered_reason, target.considered_by) == (REASON, officer)
    assert cards(response)[1][2] == "Considered, no change"
    assert REASON in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.PRESCREEN_FINDING_CONSIDERED,
                                     object_id=str(target.pk)).count() == 1


def test_consider_without_reason_says_what_to_do_and_stores_nothing(client_for, draft, officer):
    target = finding(draft)

    response = client_for(officer).post(version_url("prescreen_consider", draft, pk=target.pk), {"reason": "  "})

    assert list(error_messages(response).values()) == ["Enter why no change is needed"]
    assert PrescreenFinding.objects.get(pk=target.pk).is_open


def test_undo_reopens_the_finding(client_for, draft, officer):
    target = finding(draft)
    consider_finding(finding=target, reason=REASON, considered_by=officer)

    response = client_for(officer).post(version_url("prescreen_reopen", draft, pk=target.pk), follow=True)

    assert PrescreenFinding.objects.get(pk=target.pk).is_open
    assert cards(response)[1][2] == "Open"


def test_other_csp_and_home_office_get_404_for_a_draft(client_for, draft, secretariat):
    target = finding(draft)
    statuses = []
    for user in (UserFactory(csp_officer=True), secretariat):
        client = client_for(user)
        statuses.append(client.get(version_url("prescreen", draft)).status_code)
        statuses.append(client.post(version_url("prescreen_consider", draft, pk=target.pk),
                                    {"reason": REASON}).status_code)

    assert statuses == [404, 404, 404, 404]
    assert PrescreenFinding.objects.get(pk=target.pk).is_open


def test_finding_of_another_version_is_404(client_for, draft, officer):
    other = checked_draft()

    response = client_for(officer).post(version_url("prescreen_consider", draft, pk=finding(other).pk),
                                        {"reason": REASON})

    assert response.status_code == 404


def test_check_your_answers_says_how_many_are_open(client_for, draft, officer):
    consider_finding(finding=finding(draft), reason=REASON, considered_by=officer)
    total = PrescreenFinding.objects.filter(submission=draft).count()

    response = client_for(officer).get(version_url("submit", draft))

    assert text_of(response, cls="govuk-warning-text__text") == (
        f"WarningThe pre-screen has {total - 1} open findings of {total}. You can still send the version: the "
        "Panel's readers see the findings and your reasons.")


def test_reader_sees_findings_with_the_csp_reasons(client_for, panel_member):
    submission = checked_draft(status=SubmissionStatus.SCHEDULED)
    target = finding(submission)
    PrescreenFinding.objects.filter(pk=target.pk).update(
        considered_reason=REASON, considered_by=submission.created_by, considered_at=submission.created_at)
    reading = reader_of(AgendaItemFactory(meeting=MeetingFactory(released=True), submission=submission),
                        panel_member)

    response = client_for(panel_member).get(reverse("panel:assessment", kwargs={"pk": reading.pk}))

    total = PrescreenFinding.objects.filter(submission=submission).count()
    assert text_of(response, cls="govuk-details__summary-text") == (
        f"{total} findings: {total - 1} left open by the CSP, 1 considered with a reason")
    assert cards(response)[1] == ("Overview report, page 2, paragraph 2.2",
                                  "2.2 Louise failed to engage with the IDVA.", "Considered, no change")
    assert REASON in response.content.decode()
    assert "Mark as considered" not in response.content.decode()


UNREADABLE = ("The pre-screen could not read Scanned letter.pdf: check it by hand. The checks read a document's "
              "text, and a scanned document has none, so none of them looked at this one.")


def with_scanned_letter(submission):
    scanned = with_text(submission, DocumentKind.OTHER, "", name="Scanned letter.pdf")
    scanned.stored_file.text_status = TextStatus.FAILED
    scanned.stored_file.save()
    run_prescreen(submission.pk)


def test_unreadable_document_is_shown_to_the_csp_and_the_reader(client_for, draft, officer, panel_member):
    sent = checked_draft(status=SubmissionStatus.SCHEDULED)
    for submission in (draft, sent):
        with_scanned_letter(submission)
    reading = reader_of(AgendaItemFactory(meeting=MeetingFactory(released=True), submission=sent), panel_member)

    csp_page = client_for(officer).get(version_url("prescreen", draft))
    reader_page = client_for(panel_member).get(reverse("panel:assessment", kwargs={"pk": reading.pk}))

    assert parse(csp_page).find(tag="h2").text() == "Documents the checks could not read (1)"
    for response in (csp_page, reader_page):
        scanned = parse(response).find(cls="govuk-summary-card")
        assert (_title(scanned), scanned.find(cls="govuk-summary-list__value").text()) == ("Other document",
                                                                                         UNREADABLE)


def test_prescreen_that_failed_says_it_could_not_check(client_for, draft, officer):
    Prescreen.objects.filter(submission=draft).update(progress=PrescreenStatus.FAILED)
    client = client_for(officer)

    tasks = client.get(version_url("version_detail", draft))
    page = client.get(version_url("prescreen", draft))

    assert text_of(tasks, id="task-prepare-the-submission-pre-screen") == "Could not be checked"
    assert text_of(page, cls="govuk-inset-text") == (
        "The pre-screen could not check the documents this time. It runs again when a document, its text or the "
        "recommendations change; the findings below are from its last check. Meanwhile, read the documents for "
        "these faults yourself.")


# The secretariat's lexicon -----------------------------------------------------------------------------------

NEW_PHRASE = {"phrase": "fuelled by  jealousy", "inflect": "on", "reason": "It excuses the perpetrator.",
              "better": "Describe the coercive control."}


def test_lexicon_list_shows_the_seeded_phrases(client_for, secretariat):
    response = client_for(secretariat).get(reverse("submissions:lexicon_list"))

    assert heading(response) == "Language check"
    assert "failed to engage" in [row.find(tag="a").text(include_hidden=False)
                                  for row in parse(response).find(tag="tbody").find_all(tag="tr")]


def test_lexicon_add_saves_audits_and_rechecks_drafts(client_for, secretariat, draft,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(secretariat).post(reverse("submissions:lexicon_add"), NEW_PHRASE)

    entry = LexiconEntry.objects.get(phrase="fuelled by jealousy")
    assert (response.status_code, response.url, entry.inflect) == (302, reverse("submissions:lexicon_list"), True)
    assert AuditEvent.objects.get(action=AuditAction.LEXICON_ENTRY_ADDED).detail["phrase"] == "fuelled by jealousy"
    assert len(callbacks) == 1  # the draft's pre-screen, asked for again


def test_lexicon_add_duplicate_or_empty_refused_with_messages(client_for, secretariat):
    client = client_for(secretariat)
    before = LexiconEntry.objects.count()

    duplicate = client.post(reverse("submissions:lexicon_add"), {**NEW_PHRASE, "phrase": "Failed To Engage"})
    empty = client.post(reverse("submissions:lexicon_add"), {**NEW_PHRASE, "phrase": "...", "reason": ""})

    assert list(error_messages(duplicate).values()) == ["The language check already has this phrase"]
    assert list(error_messages(empty).values()) == ["The phrase must contain words", "Enter why it matters"]
    assert LexiconEntry.objects.count() == before


EIGHT_GAPS = "she ... she ... she ... she ... she ... she ... she ... she ... she"


def test_lexicon_phrase_with_more_than_two_gaps_refused_with_a_message(client_for, secretariat):
    entry = LexiconEntry.objects.get(phrase="failed to engage")
    client = client_for(secretariat)

    added = client.post(reverse("submissions:lexicon_add"), {**NEW_PHRASE, "phrase": EIGHT_GAPS})
    changed = client.post(reverse("submissions:lexicon_change", kwargs={"pk": entry.pk}), {
        "phrase": EIGHT_GAPS, "reason": entry.reason, "better": entry.better, "active": "on"})

    assert list(error_messages(added).values()) == ["Use ... at most 2 times in a phrase"]
    assert list(error_messages(changed).values()) == ["Use ... at most 2 times in a phrase"]
    assert (LexiconEntry.objects.filter(phrase=EIGHT_GAPS).exists(), LexiconEntry.objects.get(pk=entry.pk).phrase) \
        == (False, "failed to engage")
    for refused in (lambda: add_entry(added_by=secretariat, phrase=EIGHT_GAPS, inflect=False, reason="r", better="b"),
                    lambda: change_entry(entry=entry, changed_by=secretariat, active=True, phrase=EIGHT_GAPS)):
        with pytest.raises(IllegalTransition, match=r"^Use \.\.\. at most 2 times in a phrase$"):
            refused()
    assert not AuditEvent.objects.filter(action__in=[AuditAction.LEXICON_ENTRY_ADDED,
                                                     AuditAction.LEXICON_ENTRY_CHANGED]).exists()


def test_lexicon_retire_stops_the_phrase_being_checked(client_for, secretariat):
    entry = LexiconEntry.objects.get(phrase="failed to engage")

    client_for(secretariat).post(reverse("submissions:lexicon_change", kwargs={"pk": entry.pk}), {
        "phrase": entry.phrase, "inflect": "on", "reason": entry.reason, "better": entry.better})

    entry.refresh_from_db()
    assert entry.retired_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.LEXICON_ENTRY_RETIRED, object_id=str(entry.pk)).count() == 1
    draft = checked_draft()
    assert not PrescreenFinding.objects.filter(submission=draft, rule="failed to engage").exists()


def test_lexicon_pages_refused_to_csp_officers(client_for, officer):
    client = client_for(officer)

    statuses = [client.get(reverse("submissions:lexicon_list")).status_code,
                client.post(reverse("submissions:lexicon_add"), NEW_PHRASE).status_code]

    assert statuses == [403, 403]
    assert not LexiconEntry.objects.filter(phrase="fuelled by jealousy").exists()


# Query counts ------------------------------------------------------------------------------------------------

# Session, user, the version with its review and CSP; the pre-screen's status, its counts, its findings
# with who considered them.
PRESCREEN_QUERIES = 6
# Session, user, the phrases.
LEXICON_QUERIES = 3


@pytest.mark.parametrize("rows", [1, 20])
def test_prescreen_page_queries_constant(client_for, django_assert_num_queries, rows):
    report = "\n".join(f"{n}.1 Louise failed to engage in year {n}." for n in range(1, rows + 1))
    draft = checked_draft(report, summary="", numbers=())
    PrescreenFinding.objects.filter(submission=draft).exclude(check_name="language").delete()
    for each in PrescreenFinding.objects.filter(submission=draft):
        consider_finding(finding=each, reason=REASON, considered_by=draft.created_by)
    client = client_for(draft.created_by)

    with django_assert_num_queries(PRESCREEN_QUERIES):
        response = client.get(version_url("prescreen", draft))

    assert len(cards(response)) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_lexicon_list_queries_constant(client_for, secretariat, django_assert_num_queries, rows):
    LexiconEntry.objects.all().delete()
    LexiconEntry.objects.bulk_create(LexiconEntry(phrase=f"phrase {n}", reason="r", better="b") for n in range(rows))
    client = client_for(secretariat)

    with django_assert_num_queries(LEXICON_QUERIES):
        response = client.get(reverse("submissions:lexicon_list"))

    assert len(parse(response).find(tag="tbody").find_all(tag="tr")) == rows
