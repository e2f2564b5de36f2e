"""Letter templates as data: the secretariat's pages and panel.services.letter_templates."""

import datetime

import pytest
from django.db import ProgrammingError, transaction
from django.urls import reverse
from django.utils.timezone import localdate

from dhrqa.dates import govuk_date
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.forms.letter_templates import LetterTemplateForm
from panel.models import LetterTemplate, OutcomeSet
from panel.refusals import LetterTemplateRefused
from panel.services.letter_templates import change_template, outcomes_of
from panel.services.letters import current_template, draft_letter
from tests.dhrqa.govuk_page import (
    error_messages,
    error_summary,
    heading,
    notification_banners,
    parse,
    summary_links_without_target,
)
from tests.factories import UserFactory, VerdictFactory, VerdictIssueFactory, outcome

pytestmark = pytest.mark.django_db

ADEQUATE_CLOSING = (
    "We do not need to see another version of the report, but I would ask you to include this letter as an "
    "appendix to the report when published."
)
NEW_OPENING = ("Thank you for sending the QA Panel the Domestic Homicide Review (DHR) report from ((area)). The "
               "Panel considered it at its meeting in ((meeting_month)).")


def template_of(set_code):
    return current_template(OutcomeSet.objects.get(code=set_code))


def form_data(template, **changes):
    """What the change page posts when nothing is touched, with `changes` made."""
    form = LetterTemplateForm(template=template, outcomes=outcomes_of(template.outcome_set))
    return {**{name: form.initial.get(name, "") for name in form.fields}, **changes}


def change_url(template):
    return reverse("panel:letter_template_change", kwargs={"pk": template.pk})


def detail_url(template):
    return reverse("panel:letter_template_detail", kwargs={"pk": template.pk})


def rows(response, table=0):
    body = parse(response).find_all(tag="tbody")[table]
    return [[cell.text(include_hidden=False) for cell in row.find_all(tag="td")] for row in body.find_all(tag="tr")]


def frozen(template):
    """Everything a version says, to show it did not change."""
    template.refresh_from_db()
    return (template.version, template.name, template.era, template.letterhead, template.paragraphs)


# The list


def test_template_list_shows_each_outcome_sets_template_in_use(client_for, secretariat):
    response = client_for(secretariat).get(reverse("panel:letter_template_list"))

    today = govuk_date(localdate())
    assert rows(response) == [
        ["A CSP's decision not to hold a review", "Decision not to review letter", "Current layout", "1", today],
        ["Publish, publish after changes or resubmit",
         "Publish, publish after changes or resubmit letter (current layout)", "Current layout", "2", today],
        ["Adequate or inadequate", "Adequate or inadequate letter (2014 layout)", "2014 layout", "1", today],
    ]
    links = [a.attrs["href"] for a in parse(response).find(tag="tbody").find_all(tag="a")]
    assert links == [detail_url(template_of(code))
                     for code in ("not-to-review-2011", "publication-2016", "adequacy-2011")]


def test_template_list_shows_who_saved_a_changed_version(client_for, secretariat):
    secretariat.full_name = "Sam Secretariat"
    secretariat.save()
    change_template(template=template_of("adequacy-2011"), changed_by=secretariat,
                    **{**form_fields(template_of("adequacy-2011")), "era": "2014 layout, revised"})

    response = client_for(secretariat).get(reverse("panel:letter_template_list"))

    assert rows(response)[2][2:] == ["2014 layout, revised", "2", f"{govuk_date(localdate())} by Sam Secretariat"]


@pytest.mark.parametrize("user", [{"panel_member": True}, {"chair": True}, {"csp_officer": True}])
def test_template_pages_others_forbidden(client_for, user):
    template = template_of("adequacy-2011")
    client = client_for(UserFactory(**user))

    statuses = [client.get(reverse("panel:letter_template_list")).status_code,
                client.get(detail_url(template)).status_code, client.get(change_url(template)).status_code,
                client.post(change_url(template), form_data(template, era="Hijacked")).status_code]

    assert statuses == [403, 403, 403, 403]
    assert frozen(template)[0] == 1
    assert LetterTemplate.objects.count() == 4


def test_template_pages_signed_out_sent_to_sign_in(client):
    response = client.get(reverse("panel:letter_template_list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("rows_shown", [1, 20])
def test_template_list_queries_constant(client_for, secretariat, django_assert_num_queries, rows_shown):
    shipped = template_of("adequacy-2011")
    for n in range(rows_shown - 1):
        outcome_set = OutcomeSet.objects.create(code=f"set-{n}", name=f"Set {n}", case_kind="review",
                                                in_force_from=datetime.date(2030 + n, 1, 1))
        for version in (1, 2):
            LetterTemplate.objects.create(outcome_set=outcome_set, version=version, name=f"Template {n}", era="Era",
                                          letterhead=shipped.letterhead, paragraphs=shipped.paragraphs,
                                          created_by=secretariat)
    LetterTemplate.objects.exclude(outcome_set__code__startswith="set-").exclude(pk=shipped.pk).delete()
    client = client_for(secretariat)

    # Session, user, the newest templates with their sets and savers.
    with django_assert_num_queries(3):
        response = client.get(reverse("panel:letter_template_list"))

    assert len(rows(response)) == rows_shown
    assert {row[3] for row in rows(response)} == ({"1"} if rows_shown == 1 else {"1", "2"})


# The detail page


def test_template_detail_shows_every_paragraph_and_the_placeholders(client_for, secretariat):
    template = template_of("adequacy-2011")

    response = client_for(secretariat).get(detail_url(template))

    page = parse(response)
    assert heading(response) == "Adequate or inadequate letter (2014 layout)"
    main_text = page.find(tag="main").text()
    for text in (ADEQUATE_CLOSING, template.paragraphs["opening"], template.paragraphs["national_intro"],
                 "Dear ((csp_contact_salutation)),", "Violent Crime Unit", "020 7035 4745", "Home Office"):
        assert text in main_text
    summary = [(row.find(cls="govuk-summary-list__key").text(), row.find(cls="govuk-summary-list__value").text())
               for row in page.find(cls="govuk-summary-list").find_all(cls="govuk-summary-list__row")]
    assert summary == [("Era", "2014 layout"), ("Version", "1"),
                       ("Saved", f"{govuk_date(localdate())}, as the application shipped it"),
                       ("Letters made from it", "0")]
    placeholders = [row.find(tag="th").text() for row in page.find_all(tag="tbody")[0].find_all(tag="tr")]
    assert placeholders == ["((area))", "((csp_contact))", "((csp_contact_salutation))", "((meeting_month))",
                            "((meeting_date))", "((outcome))", "((national_actions))", "((chair))", "((reference))",
                            "((victim))"]
    order = [item.text() for item in page.find(tag="ol").find_all(tag="li")]
    assert order[:3] == ["Opening paragraph", "Verdict paragraph",
                         "((commendation)): the chair's commendation, the report's strengths"]
    assert [a.attrs["href"] for a in page.find_all(tag="a") if a.text() == "Change the template"] == [
        change_url(template)]


def test_template_detail_older_version_points_to_the_newest_and_offers_no_change(client_for, secretariat):
    old = template_of("publication-2016")
    old = LetterTemplate.objects.get(outcome_set=old.outcome_set, version=1)
    newest = template_of("publication-2016")

    response = client_for(secretariat).get(detail_url(old))

    page = parse(response)
    assert page.find(cls="govuk-warning-text").text(include_hidden=False) == (
        "! This is version 1, kept for the letters made from it. New letters use version 2.")
    assert [a.text() for a in page.find_all(tag="a") if a.text() == "Change the template"] == []
    assert rows(response, table=-1) == [["Version 2", govuk_date(localdate()), "0"],
                                   ["Version 1 (this one)", govuk_date(localdate()), "0"]]
    assert detail_url(newest) in [a.attrs.get("href") for a in page.find_all(tag="a")]


def test_template_detail_unknown_gets_404(client_for, secretariat):
    assert client_for(secretariat).get(reverse("panel:letter_template_detail", kwargs={"pk": 999999})).status_code \
        == 404


# Changing


def form_fields(template):
    return {"name": template.name, "era": template.era, "letterhead": dict(template.letterhead),
            "paragraphs": dict(template.paragraphs)}


def test_template_change_page_shows_the_wording_to_change(client_for, secretariat):
    template = template_of("adequacy-2011")

    response = client_for(secretariat).get(change_url(template))

    page = parse(response)
    assert heading(response) == "Change the letter template"
    assert page.find(tag="textarea", id="id_opening").text() == template.paragraphs["opening"]
    assert page.find(tag="textarea", id="id_closing__adequate").text() == ADEQUATE_CLOSING
    assert page.find(tag="input", id="id_sign_off").attrs["value"] == "Yours sincerely,"
    assert 'id="id_address">\n2 Marsham Street\nLondon\nSW1P 4DF</textarea>' in response.content.decode()
    legends = [legend.text() for legend in page.find_all(tag="legend")]
    assert legends == ["Logo", "Verdict paragraph", "Heading above the issues (optional)",
                       "Paragraph introducing the issues",
                       "How are the issues listed?", "Closing paragraph"]
    assert [h2.text() for h2 in page.find(tag="main").find_all(tag="h2")] == ["Letterhead", "Wording"]


def test_template_change_saves_the_next_version_and_leaves_the_old_one(client_for, secretariat):
    template = template_of("adequacy-2011")
    before = frozen(template)

    response = client_for(secretariat).post(change_url(template), form_data(
        template, opening=NEW_OPENING, closing__adequate="Please publish it\r\n  with this letter.",
        fax="", issues_style="numbered"), follow=True)

    new = template_of("adequacy-2011")
    assert response.redirect_chain == [(detail_url(new), 302)]
    assert notification_banners(response) == [
        "Version 2 has been saved. Letters drafted from now on use it; letters drafted before keep the version "
        "they were made from"]
    assert frozen(template) == before
    assert (new.version, new.created_by, new.paragraphs["opening"], new.paragraphs["closing"], new.letterhead["fax"],
            new.paragraphs["issues_style"]) == (
        2, secretariat, NEW_OPENING, {"adequate": "Please publish it with this letter.",
                                      "inadequate": template.paragraphs["closing"]["inadequate"]},
        "", "numbered")
    assert new.paragraphs["layout"] == template.paragraphs["layout"]
    event = AuditEvent.objects.get(action=AuditAction.LETTER_TEMPLATE_CHANGED)
    assert (event.actor, event.object_id, event.detail) == (secretariat, str(new.pk), {
        "outcome_set": "adequacy-2011", "from_version": 1, "to_version": 2,
        "changes": {
            "letterhead.fax": ["020 7035 4745", ""],
            "opening": [template.paragraphs["opening"], NEW_OPENING],
            "closing.adequate": [ADEQUATE_CLOSING, "Please publish it with this letter."],
            "issues_style": ["bullets", "numbered"],
        },
    })


def test_template_change_letters_drafted_afterwards_use_the_new_version(
        client_for, secretariat, django_capture_on_commit_callbacks):
    template = template_of("adequacy-2011")
    with django_capture_on_commit_callbacks(execute=False):
        before = draft_letter(verdict=VerdictFactory(commendation=""), drafted_by=secretariat)
    content_before = before.content

    client_for(secretariat).post(change_url(template), form_data(template, opening=NEW_OPENING))
    verdict = VerdictFactory(commendation="", agenda_item__submission__review__csp__area_name="Kent",
                             agenda_item__meeting__date=datetime.date(2026, 1, 21))
    VerdictIssueFactory(verdict=verdict, position=1, text="Define coercive control.")
    with django_capture_on_commit_callbacks(execute=False):
        after = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=datetime.date(2026, 2, 4))

    before.refresh_from_db()
    assert (before.template.version, before.content) == (1, content_before)
    assert after.template == template_of("adequacy-2011")
    assert after.template.version == 2
    assert after.content["blocks"][0] == {
        "kind": "paragraph", "text": "Thank you for sending the QA Panel the Domestic Homicide Review (DHR) report "
                                     "from Kent. The Panel considered it at its meeting in January."}


def test_template_change_nothing_changed_saves_nothing(client_for, secretariat):
    template = template_of("adequacy-2011")

    response = client_for(secretariat).post(change_url(template), form_data(template), follow=True)

    assert response.redirect_chain == [(detail_url(template), 302)]
    assert notification_banners(response) == ["Nothing was changed, so no new version was saved"]
    assert LetterTemplate.objects.filter(outcome_set=template.outcome_set).count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.LETTER_TEMPLATE_CHANGED).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opening", "Thank you, ((areaa)).",
         "Opening paragraph has ((areaa)), which is not a placeholder: did you mean ((area))?"),
        ("closing__inadequate", "Send it to (( area )).",
         "Closing paragraph for Inadequate has (( area )): write it as ((area)), in lower case with no spaces"),
        ("outcomes__adequate", "Adequate in ((area", 'Verdict paragraph for Adequate has "((area" with no closing '
                                                     "brackets: write placeholders as ((area))"),
        ("opening", "Thank you, {{ area }}.", 'Opening paragraph has "{{ area }}": write placeholders with double '
                                              "round brackets, as ((area))"),
        ("opening", "Actions: ((national_actions)).", "Opening paragraph has ((national_actions)), which can be "
                                                      "used only in the paragraph introducing the national responses"),
        ("issues_intro__adequate", "The ((issues)) are:", "Paragraph introducing the issues for Adequate has "
                                                          "((issues)), which the layout places between paragraphs: "
                                                          "it cannot go inside one"),
        ("opening", "", "Enter the opening paragraph"),
        ("opening", "x" * 2001, "Opening paragraph must be 2,000 characters or fewer"),
        ("sign_off", "Yours\nsincerely", "Sign-off must be on one line"),
        ("address", "\n".join(f"Line {n}" for n in range(7)), "Address must be 6 lines or fewer"),
        ("logo", "../../etc/passwd", "Select the logo"),
        ("issues_style", "<script>", "Select how the issues are listed"),
        ("era", "", "Enter the era"),
    ],
)
def test_template_change_problem_is_an_error_next_to_its_field(client_for, secretariat, field, value, message):
    template = template_of("adequacy-2011")

    response = client_for(secretariat).post(change_url(template), form_data(template, **{field: value}))

    assert response.status_code == 200
    assert [text for _href, text in error_summary(response)] == [message]
    assert list(error_messages(response).values()) == [message]
    assert summary_links_without_target(response) == []
    assert LetterTemplate.objects.filter(outcome_set=template.outcome_set).count() == 1


def test_template_change_fields_missing_from_the_post_refused_without_a_crash(client_for, secretariat):
    template = template_of("publication-2016")

    response = client_for(secretariat).post(change_url(template), {"name": "Only a name"})

    assert response.status_code == 200
    summary = error_summary(response)
    assert len(summary) == 18
    assert (summary[:5], summary[-1]) == (
        [("#id_era", "Enter the era"), ("#id_unit", "Enter the unit"), ("#id_address", "Enter the address"),
         ("#id_logo_1", "Select the logo"), ("#id_salutation", "Enter the greeting")],
        ("#id_sign_off", "Enter the sign-off"))
    assert summary[12] == ("#id_issues_style_1", "Select how the issues are listed")
    assert LetterTemplate.objects.filter(outcome_set=template.outcome_set).count() == 2


def test_template_change_older_version_sent_to_its_page(client_for, secretariat):
    old = LetterTemplate.objects.get(outcome_set__code="publication-2016", version=1)
    before = frozen(old)

    response = client_for(secretariat).post(change_url(old), form_data(old, era="Changed"), follow=True)

    assert response.redirect_chain == [(detail_url(old), 302)]
    assert notification_banners(response) == [
        "Version 1 is no longer the newest: change the newest version"]
    assert frozen(old) == before
    assert LetterTemplate.objects.filter(outcome_set=old.outcome_set).count() == 2


def test_template_change_every_outcome_of_the_set_has_its_fields(client_for, secretariat):
    template = template_of("publication-2016")

    page = parse(client_for(secretariat).get(change_url(template)))

    names = [element.attrs["name"] for element in page.find(tag="main").iter()
             if element.tag in ("input", "textarea") and element.attrs.get("type") != "radio"
             and element.attrs.get("name") != "csrfmiddlewaretoken"]
    assert names == [
        "name", "era", "unit", "address", "phone", "fax", "website", "salutation", "opening",
        "outcomes__publish", "outcomes__publish_after_changes", "outcomes__resubmit",
        "issues_heading__publish", "issues_heading__publish_after_changes", "issues_heading__resubmit",
        "issues_intro__publish", "issues_intro__publish_after_changes", "issues_intro__resubmit",
        "national_intro", "closing__publish", "closing__publish_after_changes", "closing__resubmit", "sign_off",
    ]


# The service


def test_change_template_refuses_a_version_no_longer_the_newest(secretariat):
    template = template_of("adequacy-2011")
    change_template(template=template, changed_by=secretariat, **{**form_fields(template), "era": "Second"})

    with pytest.raises(LetterTemplateRefused) as refused:
        change_template(template=template, changed_by=secretariat, **{**form_fields(template), "era": "Third"})

    assert str(refused.value) == (
        "Someone saved a newer version of Adequate or inadequate letter (2014 layout) while you were changing it: "
        "your changes have not been saved. Start again from the newest version")
    assert list(LetterTemplate.objects.filter(outcome_set=template.outcome_set).values_list("version", "era")) == [
        (2, "Second"), (1, "2014 layout")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"paragraphs": {"opening": "Hello ((nobody))."}},
         "Opening paragraph has ((nobody)), which is not a placeholder: use one from the list of placeholders"),
        ({"paragraphs": {"outcomes": {"adequate": "Adequate."}}}, "Verdict paragraph for Inadequate is missing"),
        ({"paragraphs": {"layout": ["opening", "closing"]}},
         "The layout must place each of opening, outcome, commendation, issues, national_responses, closing once"),
        ({"letterhead": {"logo": "elsewhere"}}, "The letterhead's logo must be one of the logos the application has"),
        ({"letterhead": {"unit": "x" * 201}}, "The letterhead's unit must be text of 200 characters or fewer"),
        ({"letterhead": {"extra": "x"}}, "A letterhead has exactly these parts: unit, address_lines, phone, fax, "
                                         "website, logo"),
        ({"name": " "}, "A template needs a name of 200 characters or fewer and an era of 100 or fewer"),
    ],
)
def test_change_template_refuses_wording_with_a_problem(secretariat, changes, message):
    template = template_of("adequacy-2011")
    fields = form_fields(template)
    for key, value in changes.items():
        fields[key] = {**fields[key], **value} if isinstance(value, dict) else value

    with pytest.raises(LetterTemplateRefused) as refused:
        change_template(template=template, changed_by=secretariat, **fields)

    assert str(refused.value) == message
    assert LetterTemplate.objects.filter(outcome_set=template.outcome_set).count() == 1


def test_saved_version_refused_by_the_database_when_changed_in_place():
    template = template_of("adequacy-2011")
    before = frozen(template)

    with pytest.raises(ProgrammingError) as refused, transaction.atomic():
        LetterTemplate.objects.filter(pk=template.pk).update(era="Changed in place")

    assert str(refused.value).startswith("pgtrigger: Cannot update rows from panel_lettertemplate table")
    assert frozen(template) == before
