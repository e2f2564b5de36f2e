"""A letter's pages as the secretariat, the chair and the CSP use them: edit, send, preview, sign, send back, correct."""

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.enums import LetterStatus, RenderStatus
from panel.forms.revisions import OUT_OF_DATE
from panel.models import Letter
from panel.services.letters import issue_letter
from panel.services.rendering import render_letter
from tests.dhrqa.govuk_page import error_summary, notification_banners, parse
from tests.factories import UserFactory
from tests.panel.scenario import ISSUES, pdf_text

pytestmark = pytest.mark.django_db


def url(name, letter):
    return reverse(f"panel:{name}", kwargs={"pk": letter.pk})


def edit_form(letter, **changes):
    content = letter.content
    addressee = content["addressee"]
    data = {"addressee_name": addressee["name"], "addressee_title": addressee["title"],
            "addressee_organisation": addressee["organisation"], "address": "\n".join(addressee["address_lines"]),
            "salutation": content["salutation"], "extra_paragraph": "", "based_on": letter.content_digest,
            **{f"issue_{number}": text for number, text in enumerate(ISSUES, start=1)}}
    data.update(changes)
    return data


def input_value(page, name):
    return next(element.attrs["value"] for element in page.find_all(tag="input") if element.attrs.get("name") == name)


def test_letter_edit_rewords_an_issue_adds_a_paragraph_and_readdresses(client_for, secretariat, rendered_draft):
    response = client_for(secretariat).post(url("letter_edit", rendered_draft), edit_form(
        rendered_draft, issue_2="Please draw out the links to the Action Plan.", addressee_name="Ms Jo Contact",
        extra_paragraph="We are grateful to the family.\r\n\r\nAnd to the chair.",
    ))

    assert response["Location"] == url("letter_detail", rendered_draft)
    rendered_draft.refresh_from_db()
    content = rendered_draft.content
    issues = next(block for block in content["blocks"] if block.get("role") == "issues")
    extras = [block["text"] for block in content["blocks"] if block.get("role") == "extra"]
    assert (issues["items"], extras, content["addressee"]["name"], rendered_draft.render_status) == (
        [ISSUES[0], "Please draw out the links to the Action Plan."],
        ["We are grateful to the family.", "And to the chair."], "Ms Jo Contact", RenderStatus.QUEUED)
    assert [block.get("role") for block in content["blocks"]][-3:] == ["extra", "extra", "closing"]


def test_letter_edit_empty_issue_refused(client_for, secretariat, rendered_draft):
    response = client_for(secretariat).post(url("letter_edit", rendered_draft), edit_form(rendered_draft, issue_1=" "))

    assert error_summary(response) == [("#id_issue_1", "Enter issue 1")]
    rendered_draft.refresh_from_db()
    assert rendered_draft.render_status == RenderStatus.READY


def test_letter_edit_with_the_chair_leads_back_with_a_message(client_for, secretariat, sent):
    response = client_for(secretariat).post(url("letter_edit", sent), edit_form(sent, addressee_name="Someone"),
                                            follow=True)

    assert notification_banners(response) == ["Only a draft letter can be changed"]
    sent.refresh_from_db()
    assert sent.content["addressee"]["name"] == "Dana Contact"


def test_letter_edit_by_the_chair_forbidden(client_for, chair, rendered_draft):
    response = client_for(chair).post(url("letter_edit", rendered_draft), edit_form(rendered_draft))

    assert response.status_code == 403


def test_letter_send_then_the_chair_sees_it_to_sign(client_for, secretariat, chair, rendered_draft,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(secretariat).post(url("letter_send", rendered_draft), {"submit": ""})

    assert response["Location"] == url("letter_detail", rendered_draft)
    inbox = parse(client_for(chair).get(reverse("panel:letters_to_sign")))
    assert [link.text() for link in inbox.find(tag="tbody").find_all(tag="a")] == [
        rendered_draft.content["reference"]]


def test_letter_preview_is_the_final_layout_dated_today(client_for, chair, sent):
    response = client_for(chair).get(url("letter_preview", sent))

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    text = pdf_text(response.content)
    assert "DRAFT" not in text
    assert f"Yours sincerely, {chair.full_name}" in text


def test_letter_preview_of_a_signed_letter_not_found(client_for, chair, signed):
    assert client_for(chair).get(url("letter_preview", signed)).status_code == 404


def test_letter_preview_by_a_member_of_the_meeting_not_found(client_for, sent):
    member = UserFactory(panel_member=True)
    meeting = sent.verdict.agenda_item.meeting
    meeting.memberships.create(member=member, invited_by=meeting.created_by)

    assert client_for(member).get(url("letter_preview", sent)).status_code == 404


def test_letter_sign_page_shows_the_words_and_signs(client_for, chair, sent, signing_certificate):
    page = client_for(chair).get(url("letter_sign", sent))
    assert ISSUES[0] in page.content.decode()

    response = client_for(chair).post(url("letter_sign", sent), {"submit": "", "read": sent.content_digest})

    assert response["Location"] == url("letter_detail", sent)
    assert Letter.objects.get(pk=sent.pk).status == LetterStatus.SIGNED


def test_letter_sign_page_opened_before_the_letter_changed_refused(client_for, chair, secretariat, sent,
                                                                   signing_certificate,
                                                                   django_capture_on_commit_callbacks):
    page = parse(client_for(chair).get(url("letter_sign", sent)))
    read = input_value(page, "read")
    # Meanwhile the secretariat takes it back, changes the greeting and sends it again.
    client_for(secretariat).post(url("letter_withdraw", sent))
    client_for(secretariat).post(url("letter_edit", sent), edit_form(sent, salutation="Dear Councillor,"))
    render_letter(sent.pk)
    with django_capture_on_commit_callbacks(execute=False):
        client_for(secretariat).post(url("letter_send", sent), {"submit": ""})

    response = client_for(chair).post(url("letter_sign", sent), {"submit": "", "read": read}, follow=True)

    assert notification_banners(response)[-1] == "The letter changed after you opened it: read it again before signing"
    sent.refresh_from_db()
    assert (sent.status, sent.signed_pdf.name) == (LetterStatus.AWAITING_SIGNATURE, "")


def test_letter_sign_without_the_words_read_refused(client_for, chair, sent, signing_certificate):
    response = client_for(chair).post(url("letter_sign", sent), {"submit": ""}, follow=True)

    assert notification_banners(response) == [
        "The letter changed after you opened it: read it again before signing"]
    assert Letter.objects.get(pk=sent.pk).status == LetterStatus.AWAITING_SIGNATURE


def test_letter_sign_page_of_a_signed_letter_leads_to_the_letter(client_for, chair, signed):
    response = client_for(chair).get(url("letter_sign", signed), follow=True)

    assert response.redirect_chain == [(url("letter_detail", signed), 302)]
    assert notification_banners(response) == ["This letter is not waiting for your signature"]


def test_letter_withdraw_takes_it_back_from_the_chair(client_for, secretariat, chair, sent):
    detail = parse(client_for(secretariat).get(url("letter_detail", sent)))
    assert url("letter_withdraw", sent) in [form.attrs.get("action") for form in detail.find_all(tag="form")]

    response = client_for(secretariat).post(url("letter_withdraw", sent), follow=True)

    assert notification_banners(response) == ["You have taken the letter back from the chair. It is a draft again"]
    sent.refresh_from_db()
    assert sent.status == LetterStatus.DRAFT
    inbox = client_for(chair).get(reverse("panel:letters_to_sign")).content.decode()
    assert sent.content["reference"] not in inbox


def test_letter_withdraw_of_a_draft_refused_with_a_message(client_for, secretariat, rendered_draft):
    response = client_for(secretariat).post(url("letter_withdraw", rendered_draft), follow=True)

    assert notification_banners(response) == ["Only a letter with the chair can be taken back"]


def test_letter_edit_after_someone_else_saved_keeps_your_words_and_shows_theirs(client_for, secretariat,
                                                                                rendered_draft):
    form_seen = edit_form(rendered_draft)
    client_for(secretariat).post(url("letter_edit", rendered_draft), edit_form(rendered_draft,
                                                                               salutation="Dear Councillor Hill,"))

    response = client_for(secretariat).post(url("letter_edit", rendered_draft),
                                            {**form_seen, "salutation": "Dear Mr Hill,"})

    assert response.status_code == 200
    assert error_summary(response)[0][1].startswith("Someone changed this draft while you were editing it")
    page = parse(response)
    assert input_value(page, "salutation") == "Dear Mr Hill,"
    assert "Dear Councillor Hill," in page.find(cls="app-letter-preview").text()
    rendered_draft.refresh_from_db()
    assert rendered_draft.content["salutation"] == "Dear Councillor Hill,"

    again = client_for(secretariat).post(url("letter_edit", rendered_draft), {
        **form_seen, "salutation": "Dear Mr Hill,",
        "based_on": input_value(page, "based_on")})

    assert again["Location"] == url("letter_detail", rendered_draft)
    rendered_draft.refresh_from_db()
    assert rendered_draft.content["salutation"] == "Dear Mr Hill,"


def test_letter_edit_of_a_letter_without_roles_keeps_the_extra_paragraph_before_the_last(
        client_for, secretariat, rendered_draft):
    # A letter composed before its blocks were marked with their part.
    content = {**rendered_draft.content,
               "blocks": [{key: value for key, value in block.items() if key != "role"}
                          for block in rendered_draft.content["blocks"] if block.get("role") != "issues"]}
    Letter.objects.filter(pk=rendered_draft.pk).update(content=content)
    rendered_draft.refresh_from_db()
    form = edit_form(rendered_draft, extra_paragraph="We are grateful to the family.")

    client_for(secretariat).post(url("letter_edit", rendered_draft),
                                 {key: value for key, value in form.items() if not key.startswith("issue_")})

    rendered_draft.refresh_from_db()
    texts = [block.get("text") for block in rendered_draft.content["blocks"]]
    assert texts[-2:] == ["We are grateful to the family.", content["blocks"][-1]["text"]]


def test_letter_return_needs_a_comment_then_goes_back(client_for, chair, sent, django_capture_on_commit_callbacks):
    empty = client_for(chair).post(url("letter_return", sent), {"comment": ""})
    assert error_summary(empty) == [("#id_comment", "Enter what should change")]

    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(chair).post(url("letter_return", sent), {"comment": "Name the family's advocate."})

    assert response["Location"] == reverse("panel:letters_to_sign")
    sent.refresh_from_db()
    assert (sent.status, sent.returned_comment) == (LetterStatus.DRAFT, "Name the family's advocate.")


def test_letter_return_by_another_chair_not_allowed(client_for, sent):
    response = client_for(UserFactory(chair=True)).post(url("letter_return", sent), {"comment": "No."})

    assert response.status_code == 404
    sent.refresh_from_db()
    assert sent.status == LetterStatus.AWAITING_SIGNATURE


def test_letter_correct_starts_version_two(client_for, secretariat, signed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(secretariat).post(url("letter_correct", signed), {"reason": "A misspelt name."})

    correction = Letter.objects.get(supersedes=signed)
    assert response["Location"] == url("letter_detail", correction)
    assert (correction.version, correction.status, correction.correction_reason) == (
        2, LetterStatus.DRAFT, "A misspelt name.")


def test_letter_try_again_after_a_failed_render(client_for, secretariat, draft, django_capture_on_commit_callbacks):
    Letter.objects.filter(pk=draft.pk).update(render_status=RenderStatus.FAILED, render_error="OSError: disk full")
    page = client_for(secretariat).get(url("letter_detail", draft))
    assert "OSError: disk full" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_for(secretariat).post(url("letter_render", draft))

    draft.refresh_from_db()
    assert (draft.render_status, draft.render_error, len(callbacks)) == (RenderStatus.QUEUED, "", 1)


def test_letter_issued_csp_officer_reads_it_and_sees_no_superseded_one(client_for, secretariat, signed):
    issued = issue_letter(letter=signed, issued_by=secretariat)
    officer = UserFactory(csp_officer=True, csp=issued.verdict.agenda_item.submission.review.csp)

    response = client_for(officer).get(url("letter_download", issued))

    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert Letter.objects.get(pk=issued.pk).first_downloaded_at is not None


def test_letter_edit_sent_without_its_revision_is_refused_and_saves_nothing(client_for, secretariat, rendered_draft):
    data = edit_form(rendered_draft, salutation="Dear Mr Hill,")
    del data["based_on"]  # a crafted form, or a page from before the release that sent it
    content = rendered_draft.content

    response = client_for(secretariat).post(url("letter_edit", rendered_draft), data)

    assert response.status_code == 200
    assert error_summary(response) == [("#id_addressee_name", OUT_OF_DATE)]
    assert input_value(parse(response), "salutation") == "Dear Mr Hill,"
    rendered_draft.refresh_from_db()
    assert (rendered_draft.content, rendered_draft.render_status) == (content, RenderStatus.READY)
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_EDITED).exists() is False
