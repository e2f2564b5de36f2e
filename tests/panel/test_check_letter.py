"""The public "Check a letter" page: its three answers, its errors, and that nothing uploaded is kept."""

import pytest
from django.apps import apps
from django.core.handlers.wsgi import LimitedStream
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dhrqa.dates import govuk_date
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel import verification
from panel.services.corrections import start_correction
from panel.views.check_letter import LetterUploadLimit
from submissions.upload_handlers import DRAIN_CHUNK, TOO_LARGE
from tests.dhrqa.govuk_page import (
    body_paragraphs,
    error_messages,
    error_summary,
    heading,
    notification_banners,
    parse,
    text_of,
)
from tests.multipart_bodies import multipart_body
from tests.panel.letter_files import signed_letter, stored_pdf, with_flipped_byte, with_update_after_signing
from tests.submissions.test_uploads_limits import CountingStream

URL = reverse("panel:check_letter")


@pytest.fixture
def sealed(rendered_draft, secretariat, chair, signing_certificate):
    letter = signed_letter(rendered_draft, secretariat=secretariat, chair=chair)
    return letter, stored_pdf(letter)


def stored_files():
    root = settings.PRIVATE_STORAGE_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def changed_rows(before):
    """{model: rows added} for every model whose row count changed since `before`."""
    after = row_counts()
    return {label: after[label] - count for label, count in before.items() if after[label] != count}


def upload(client, data, name="letter.pdf"):
    return client.post(URL, {"letter": SimpleUploadedFile(name, data, content_type="application/pdf")})


def title(response):
    return parse(response).find(tag="title").text()


def last_check():
    event = AuditEvent.objects.filter(action=AuditAction.LETTER_CHECKED).latest("id")
    return event.actor_id, event.object_id, event.review_reference, event.detail


def test_check_letter_page_is_open_to_anyone(client, db):
    response = client.get(URL)

    page = parse(response)
    form = page.find(tag="form", cls=None)
    file_input = page.find(tag="input", id="id_letter")
    sign_in = [link.attrs["href"] for link in page.find_all(tag="a", cls="govuk-service-navigation__link")
               if link.text() == "Sign in"]
    assert (response.status_code, heading(response), title(response)) == (
        200, "Check a letter", "Check a letter – DHR QA – GOV.UK")
    assert (form.attrs["method"], form.attrs["enctype"]) == ("post", "multipart/form-data")
    assert (file_input.attrs["type"], file_input.attrs["accept"]) == ("file", ".pdf,application/pdf")
    assert text_of(response, id="id_letter_hint") == "The PDF file you were sent or downloaded, up to 20MB"
    assert sign_in == [reverse("login")]
    assert [script for script in page.find_all(tag="script") if not script.attrs.get("src")] == []  # no inline script


def test_check_letter_genuine_letter_shows_its_reference_and_date(client, sealed):
    letter, pdf = sealed
    files, rows = stored_files(), row_counts()

    response = upload(client, pdf)

    reference, date = letter.content["reference"], govuk_date(letter.letter_date)
    assert (response.status_code, title(response)) == (200, "A genuine letter – DHR QA – GOV.UK")
    assert text_of(response, cls="govuk-panel__title") == "This is a genuine letter"
    assert text_of(response, cls="govuk-panel__body") == f"The QA Panel's letter for {reference}, dated {date}"
    assert [row.text() for row in parse(response).find_all(cls="govuk-summary-list__row")] == [
        f"Review reference {reference}", f"Date of the letter {date}", "Version 1", "Status Signed, not yet issued"]
    assert last_check() == (None, str(letter.pk), reference, {"outcome": "genuine", "reason": "signed_file"})
    assert (stored_files(), changed_rows(rows)) == (files, {"dhrqa.AuditEvent": 1})


def test_check_letter_superseded_letter_is_genuine_with_a_warning(client, sealed, secretariat, chair):
    letter, pdf = sealed
    correction = start_correction(letter=letter, started_by=secretariat, reason="The addressee's name was wrong")
    correction = signed_letter(correction, secretariat=secretariat, chair=chair)

    response = upload(client, pdf)

    assert text_of(response, cls="govuk-panel__title") == "This is a genuine letter"
    assert text_of(response, cls="govuk-warning-text__text") == (
        f"Warning This letter has been replaced by a corrected one (version 2, signed "
        f"{govuk_date(correction.signed_at)}). Ask the Community Safety Partnership for the corrected letter.")
    assert parse(response).find_all(cls="govuk-summary-list__row")[-1].text() == "Status Replaced by a correction"


def test_check_letter_flipped_byte_is_altered(client, sealed):
    _, pdf = sealed
    files, rows = stored_files(), row_counts()

    response = upload(client, with_flipped_byte(pdf))

    banner = parse(response).find(cls="govuk-notification-banner")
    assert (title(response), notification_banners(response)) == (
        "An altered letter – DHR QA – GOV.UK", ["This letter has been altered"])
    assert banner.attrs["role"] == "alert"
    assert body_paragraphs(response)[:2] == [
        "Its digital signature does not match its contents: it was changed after signing.",
        "Do not rely on what it says. Ask whoever gave it to you for the letter as the QA Panel issued it.",
    ]
    assert last_check() == (None, "", "", {"outcome": "altered", "reason": "signature_broken"})
    assert (stored_files(), changed_rows(rows)) == (files, {"dhrqa.AuditEvent": 1})


def test_check_letter_update_after_signing_is_altered_and_names_the_letter(client, sealed):
    letter, pdf = sealed

    response = upload(client, with_update_after_signing(pdf))

    reference = letter.content["reference"]
    assert notification_banners(response) == ["This letter has been altered"]
    assert body_paragraphs(response)[0] == (
        "Something was added to the file after it was signed. It began as the QA Panel's letter for "
        f"{reference}, dated {govuk_date(letter.letter_date)}.")
    assert last_check() == (None, str(letter.pk), reference, {"outcome": "altered",
                                                             "reason": "changed_after_signing"})


def test_check_letter_someone_elses_pdf_is_not_ours(client, sealed):
    import weasyprint

    files, rows = stored_files(), row_counts()

    response = upload(client, weasyprint.HTML(string="<title>Minutes</title><p>Minutes.</p>").write_pdf())

    assert (title(response), notification_banners(response)) == (
        "Not a QA Panel letter – DHR QA – GOV.UK", ["This is not a letter from the QA Panel"])
    assert body_paragraphs(response)[0] == (
        "It does not carry the Panel's signature. It is not a letter the Home Office Domestic Homicide Review "
        "Quality Assurance Panel signed.")
    assert last_check() == (None, "", "", {"outcome": "not_ours", "reason": "no_claim"})
    assert (stored_files(), changed_rows(rows)) == (files, {"dhrqa.AuditEvent": 1})


def test_check_letter_not_a_pdf_is_not_ours(client, db, signing_certificate):
    files, rows = stored_files(), row_counts()

    response = upload(client, b"Dear Mr Hill,\nThe report is adequate.", name="letter.txt")

    assert notification_banners(response) == ["This is not a letter from the QA Panel"]
    assert body_paragraphs(response)[0].startswith("It is not a PDF. ")
    assert last_check() == (None, "", "", {"outcome": "not_ours", "reason": "not_a_pdf"})
    assert (stored_files(), changed_rows(rows)) == (files, {"dhrqa.AuditEvent": 1})


def test_check_letter_empty_file_is_an_error_and_nothing_is_kept(client, db):
    files, rows = stored_files(), row_counts()

    response = upload(client, b"")

    assert (response.status_code, title(response)) == (200, "Error: Check a letter – DHR QA – GOV.UK")
    assert error_summary(response) == [("#id_letter", "The selected file is empty")]
    assert list(error_messages(response).values()) == ["The selected file is empty"]
    assert (stored_files(), changed_rows(rows)) == (files, {})


def test_check_letter_no_file_is_an_error(client, db):
    response = client.post(URL, {})

    assert error_summary(response) == [("#id_letter", "Select the letter to check")]
    assert notification_banners(response) == []


def test_check_letter_over_size_file_is_refused_unread_and_nothing_is_kept(client, db):
    files, rows = stored_files(), row_counts()

    response = upload(client, b"%PDF-1.7\n" + bytes(verification.MAX_LETTER_BYTES))

    assert (response.status_code, title(response)) == (200, "Error: Check a letter – DHR QA – GOV.UK")
    assert error_summary(response) == [("#id_letter", "The selected file must be smaller than 20MB")]
    assert last_check() == (None, "", "", {"outcome": "refused", "reason": "too_large"})
    assert (stored_files(), changed_rows(rows)) == (files, {"dhrqa.AuditEvent": 1})


def test_check_letter_upload_handler_stops_reading_an_over_size_file(rf):
    body, content_type = multipart_body(files=[("letter", "big.pdf", b"x" * 3 * verification.MAX_LETTER_BYTES)])
    request = rf.post(URL, data=body, content_type=content_type)
    stream = CountingStream(body)
    request._stream = LimitedStream(stream, len(body))
    request.upload_handlers = [LetterUploadLimit(request)]

    files = request.FILES

    # Refused at the limit; the rest is read and thrown away up to the limit again, then the connection is cut.
    assert (dict(files), request.upload_refused.reason) == ({}, TOO_LARGE)
    assert stream.taken <= 2 * verification.MAX_LETTER_BYTES + DRAIN_CHUNK + 65536


def test_check_letter_without_csrf_token_is_refused(db):
    response = Client(enforce_csrf_checks=True).post(
        URL, {"letter": SimpleUploadedFile("letter.pdf", b"%PDF-1.7\n", content_type="application/pdf")})

    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_CHECKED).count() == 0


def test_check_letter_with_csrf_token_is_answered(db, signing_certificate):
    client = Client(enforce_csrf_checks=True)
    token = next(element.attrs["value"] for element in parse(client.get(URL)).find_all(tag="input")
                 if element.attrs.get("name") == "csrfmiddlewaretoken")

    response = client.post(URL, {"csrfmiddlewaretoken": token,
                                 "letter": SimpleUploadedFile("letter.pdf", b"not a pdf")})

    assert (response.status_code, notification_banners(response)) == (200, ["This is not a letter from the QA Panel"])


def test_check_letter_signed_in_user_is_recorded(client_for, csp_officer, sealed):
    letter, pdf = sealed

    upload(client_for(csp_officer), pdf)

    assert last_check() == (csp_officer.pk, str(letter.pk), letter.content["reference"],
                            {"outcome": "genuine", "reason": "signed_file"})


def test_check_letter_too_many_from_one_address_refused_unread(client, sealed, settings):
    settings.DHRQA_CHECK_LETTER_LIMIT = 2
    settings.DHRQA_CHECK_LETTER_WINDOW_SECONDS = 600
    cache.clear()
    _, pdf = sealed
    answered = [upload(client, pdf).status_code for _ in range(2)]
    rows = row_counts()

    response = upload(client, pdf)

    assert (answered, response.status_code, response["Retry-After"]) == ([200, 200], 429, "600")
    assert title(response) == "Error: Check a letter – DHR QA – GOV.UK"
    assert error_summary(response) == [
        ("#id_letter", "You have checked a lot of letters in a short time. Wait 10 minutes, then try again")]
    assert changed_rows(rows) == {}
    # Another address is answered as usual.
    assert upload(Client(REMOTE_ADDR="192.0.2.7"), pdf).status_code == 200


def test_check_letter_while_every_reader_is_busy_says_try_again(client, sealed, monkeypatch):
    _, pdf = sealed
    monkeypatch.setattr(verification, "TURN_WAIT_SECONDS", 0.05)
    rows = row_counts()
    # Two checks of unknown files are being read: the slots are taken.
    taken = [verification._describing.acquire(timeout=1) for _ in range(2)]
    try:
        response = upload(client, with_flipped_byte(pdf))
        # A file we signed is answered from its hash, without a reader.
        genuine = upload(client, pdf)
    finally:
        for _ in taken:
            verification._describing.release()

    assert (taken, response.status_code, response["Retry-After"]) == ([True, True], 503, "60")
    assert error_summary(response) == [
        ("#id_letter", "Many letters are being checked at the moment. Wait a minute, then try again")]
    assert notification_banners(genuine) == []
    assert parse(genuine).find(cls="govuk-panel__title").text() == "This is a genuine letter"
    assert changed_rows(rows) == {"dhrqa.AuditEvent": 1}


def test_check_letter_limit_behind_our_proxy_counts_the_address_it_saw(sealed, settings):
    settings.DHRQA_CHECK_LETTER_LIMIT = 1
    settings.DHRQA_TRUSTED_PROXY_HOPS = 1
    cache.clear()
    _, pdf = sealed
    # Everyone arrives from the proxy's address; the proxy appends the address it saw.
    first = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    # The same caller, claiming to be someone else further left: the claim is not believed.
    spoofing = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.9")
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.10")

    answers = [upload(client, pdf).status_code for client in (first, spoofing, other)]

    assert answers == [200, 429, 200]


def test_check_letter_limit_behind_our_proxy_counts_an_ipv6_caller_by_its_64(sealed, settings):
    settings.DHRQA_CHECK_LETTER_LIMIT = 1
    settings.DHRQA_TRUSTED_PROXY_HOPS = 1
    cache.clear()
    _, pdf = sealed
    callers = [Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=address)
               for address in ("2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:3::1")]

    answers = [upload(client, pdf).status_code for client in callers]

    assert answers == [200, 429, 200]
