"""A meeting's letters in Chromium: from ten confirmed verdicts to ten issued, signed letters, counting each action.

The goal is the same day: at most 6 page actions a letter and one for the whole batch. The test counts every
click and page opened by the secretariat and the chair, and prints the seconds spent waiting on the worker.
"""

import io
import time
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from panel.enums import LetterStatus
from panel.models import Letter
from tests.factories import CSPFactory, MeetingFactory, UserFactory, VerdictFactory, VerdictIssueFactory, outcome
from tests.worker import running_worker

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LETTERS = 10


class Counted:
    """A page whose every action (a click, or a page opened by its address) is counted."""

    def __init__(self, page, pages):
        self.page, self.pages, self.actions = page, pages, 0

    def goto(self, url):
        self.actions += 1
        self.page.goto(url)
        self.pages.check(self.page)

    def click(self, role, name):
        self.actions += 1
        self.page.get_by_role(role, name=name).click()
        self.page.wait_for_load_state()
        self.pages.check(self.page)


@pytest.fixture
def meeting_of_ten():
    call_command("create_signing_certificate", stdout=io.StringIO())
    chair = UserFactory(chair=True, full_name="Charlie Chair", letter_titles="Chair of the QA Panel")
    secretariat = UserFactory(secretariat=True, full_name="Sasha Secretariat")
    meeting = MeetingFactory(held=True, chair=chair, created_by=secretariat)
    csp = CSPFactory(name="Northshire Community Safety Partnership", area_name="Northshire")
    for position in range(1, LETTERS + 1):
        verdict = VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=position,
                                 agenda_item__submission__documents=False, agenda_item__submission__review__csp=csp,
                                 outcome=outcome("publish_after_changes", "publication-2016"))
        VerdictIssueFactory(verdict=verdict, position=1, text=f"Issue for item {position}.")
    return meeting, secretariat, chair


def test_meeting_of_ten_confirmed_verdicts_to_ten_issued_letters(pages, meeting_of_ten, capsys):
    meeting, secretariat_user, chair_user = meeting_of_ten
    secretariat = Counted(pages.sign_in(secretariat_user), pages)
    chair = Counted(pages.sign_in(chair_user), pages)
    waited = 0.0

    with running_worker():
        # The batch: one action prepares every letter; the page follows the workers.
        secretariat.goto(f"{pages.base}/meetings/{meeting.pk}/letters/")
        secretariat.click("button", "Prepare all letters")
        started = time.monotonic()
        expect(secretariat.page.get_by_text(f"{LETTERS} of {LETTERS} letters ready")).to_be_visible(timeout=120_000)
        waited += time.monotonic() - started
        pages.check(secretariat.page)
    secretariat.click("button", f"Send {LETTERS} ready drafts to the chair")

    # The chair reads and signs each letter.
    chair.click("link", "Letters to sign")
    for _ in range(LETTERS):
        chair.page.locator("tbody a").first.click()
        chair.actions += 1
        pages.check(chair.page)
        chair.click("button", "Sign the letter")
    expect(chair.page.locator(".govuk-notification-banner--success")).to_contain_text("You have signed the letter")

    secretariat.goto(f"{pages.base}/meetings/{meeting.pk}/letters/")
    secretariat.click("button", f"Issue {LETTERS} signed letters")

    actions = secretariat.actions + chair.actions
    with capsys.disabled():
        print(f"\n{LETTERS} letters: {actions} page actions ({actions / LETTERS:.1f} a letter), "
              f"{waited:.1f} s waiting on the workers")
    assert set(Letter.objects.values_list("status", flat=True)) == {LetterStatus.ISSUED}
    assert Letter.objects.count() == LETTERS
    # At most 6 a letter, and one for the whole batch.
    assert actions <= 6 * LETTERS + 1


def test_letter_drafted_changed_previewed_sent_back_signed_issued_and_zipped(pages, meeting_of_ten):
    meeting, secretariat_user, chair_user = meeting_of_ten
    verdict = meeting.agenda_items.order_by("position").first().verdict
    officer_user = UserFactory(csp_officer=True, csp=verdict.agenda_item.submission.review.csp)
    secretariat = pages.sign_in(secretariat_user)
    chair = pages.sign_in(chair_user, javascript=False)

    with running_worker():
        secretariat.goto(f"{pages.base}/agenda-items/{verdict.agenda_item_id}/")
        secretariat.get_by_role("button", name="Draft the letter").click()
        expect(secretariat.locator(".govuk-tag", has_text="Draft ready")).to_be_visible(timeout=60_000)
        pages.check(secretariat)
        letter_url = secretariat.url
        secretariat.get_by_role("button", name="Change the draft").click()
        pages.check(secretariat)
        secretariat.get_by_label("Issue 1").fill("Please add a chronology of each agency's contact.")
        secretariat.get_by_label("An extra paragraph (optional)").fill("We are grateful to the family.")
        secretariat.get_by_role("button", name="Save the changes").click()
        expect(secretariat.locator(".govuk-tag", has_text="Draft ready")).to_be_visible(timeout=60_000)
        pages.check(secretariat)
        secretariat.get_by_role("button", name="Send to the chair to sign").click()
        secretariat.get_by_role("button", name="Send to the chair").click()
        pages.check(secretariat)

        # The chair, without JavaScript, reads it and sends it back; the secretariat changes it and sends it again.
        chair.goto(letter_url)
        pages.check(chair)
        chair.get_by_role("button", name="Send it back").click()
        pages.check(chair)
        chair.get_by_label("What should change?").fill("Name the family's advocate.")
        chair.get_by_role("button", name="Send it back").click()
        pages.check(chair)
        secretariat.goto(letter_url)
        expect(secretariat.get_by_text("Name the family's advocate.")).to_be_visible()
        secretariat.get_by_role("button", name="Change the draft").click()
        secretariat.get_by_label("An extra paragraph (optional)").fill(
            "We are grateful to the family and to their advocate from AAFDA.")
        secretariat.get_by_role("button", name="Save the changes").click()
        expect(secretariat.locator(".govuk-tag", has_text="Draft ready")).to_be_visible(timeout=60_000)
    secretariat.get_by_role("button", name="Send to the chair to sign").click()
    secretariat.get_by_role("button", name="Send to the chair").click()

    chair.goto(letter_url)
    chair.get_by_role("button", name="Sign the letter").click()
    pages.check(chair)
    expect(chair.get_by_text("their advocate from AAFDA")).to_be_visible()
    chair.get_by_role("button", name="Sign the letter").click()
    pages.check(chair)

    secretariat.goto(letter_url)
    secretariat.get_by_role("button", name="Issue the letter to the CSP").click()
    secretariat.get_by_role("button", name="Issue the letter").click()
    pages.check(secretariat)

    officer = pages.sign_in(officer_user)
    officer.goto(f"{pages.base}/reviews/{verdict.agenda_item.submission.review.reference}/")
    pages.check(officer)
    with officer.expect_download() as download:
        officer.locator("a", has_text="Download the QA Panel letter").click()
    letter = Letter.objects.get(verdict=verdict, status=LetterStatus.ISSUED)
    assert download.value.path().read_bytes() == letter.signed_pdf.open("rb").read()
    assert Letter.objects.get(pk=letter.pk).first_downloaded_at is not None

    # The meeting's signed letters in one ZIP, made in the background.
    with running_worker():
        secretariat.goto(f"{pages.base}/meetings/{meeting.pk}/letters/")
        secretariat.get_by_role("button", name="Gather the 1 signed letter into a ZIP").click()
        expect(secretariat.get_by_role("link", name="Download all 1 signed letter (ZIP)")).to_be_visible(
            timeout=60_000)
        pages.check(secretariat)
    with secretariat.expect_download() as zipped:
        secretariat.get_by_role("link", name="Download all 1 signed letter (ZIP)").click()
    assert zipfile.ZipFile(zipped.value.path()).namelist() == [letter.download_name]
