"""E-mails: rendered from the templates, queued on commit, sent over real SMTP by a real worker."""

import datetime
import decimal

import environ
import pytest
import requests
from django.db import transaction
from notifications_python_client.errors import HTTPError as NotifyHTTPError

from dhrqa.notifications import notify, render_email
from dhrqa.tasks import _notify_may_recover
from tests.smtp import running_smtp_server, smtp_server  # noqa: F401 - a fixture
from tests.worker import running_worker

SITE_URL = "https://dhrqa.example.gov.uk"
SUBMISSION = {
    "reference": "KENT-2026-03",
    "csp_name": "Kent Community Safety Partnership",
    "version": 2,
    "path": "/submissions/41/",
}
LINK = f"{SITE_URL}/submissions/41/"
FOOTER = [
    "DHR QA",
    "Home Office",
    "",
    "This email was sent by DHR QA, the Home Office service for the Domestic Homicide Review "
    "Quality Assurance Panel. Do not reply to this email.",
]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.DHRQA_SITE_URL = SITE_URL


def test_render_email_received_csp_says_what_happens_next():
    message = render_email("submission_received_csp", SUBMISSION, "csp@kent.example")

    assert (message.from_email, message.to) == ("DHR QA <no-reply@dhrqa.homeoffice.example>", ["csp@kent.example"])
    assert message.subject == "Submission received: KENT-2026-03 version 2"
    assert message.body.splitlines() == [
        "Dear Kent Community Safety Partnership,",
        "",
        "The Home Office has received version 2 of KENT-2026-03 from Kent Community Safety Partnership.",
        "",
        "The secretariat will check the documents. We will email you when the submission is accepted, "
        "or if anything needs to change. You do not need to do anything now.",
        "",
        "View the submission:",
        LINK,
        "",
        *FOOTER,
    ]


def test_render_email_received_secretariat_asks_for_a_check():
    message = render_email("submission_received_secretariat", SUBMISSION, "secretariat@homeoffice.example")

    assert message.subject == "New submission: KENT-2026-03 version 2 from Kent Community Safety Partnership"
    assert message.body.splitlines() == [
        "Dear colleague,",
        "",
        "Kent Community Safety Partnership has submitted version 2 of KENT-2026-03.",
        "",
        "Check the documents, then accept the submission or return it to the CSP with your reasons.",
        "",
        "Check the submission:",
        LINK,
        "",
        *FOOTER,
    ]


def test_render_email_returned_lists_every_reason():
    context = {**SUBMISSION, "reasons": ["The action plan is missing", "The executive summary is the wrong file"]}

    message = render_email("submission_returned", context, "csp@kent.example")

    assert message.subject == "Submission returned: KENT-2026-03 version 2"
    assert message.body.splitlines() == [
        "Dear Kent Community Safety Partnership,",
        "",
        "The Home Office secretariat has returned version 2 of KENT-2026-03 to you. "
        "It needs changes before the Quality Assurance Panel can consider it.",
        "",
        "The reasons are:",
        "* The action plan is missing",
        "* The executive summary is the wrong file",
        "",
        "Make the changes, then submit a new version.",
        "",
        "View the submission:",
        LINK,
        "",
        *FOOTER,
    ]


def test_render_email_returned_with_one_reason_says_reason():
    context = {**SUBMISSION, "reasons": ["The action plan is missing"]}

    message = render_email("submission_returned", context, "csp@kent.example")

    assert message.body.splitlines()[4:6] == ["The reason is:", "* The action plan is missing"]


def test_render_email_accepted_says_a_date_will_follow():
    message = render_email("submission_accepted", SUBMISSION, "csp@kent.example")

    assert message.subject == "Submission accepted: KENT-2026-03 version 2"
    assert message.body.splitlines() == [
        "Dear Kent Community Safety Partnership,",
        "",
        "The Home Office secretariat has accepted version 2 of KENT-2026-03.",
        "",
        "The secretariat will add it to the agenda of a Quality Assurance Panel meeting. "
        "We will email you the date. You do not need to do anything now.",
        "",
        "View the submission:",
        LINK,
        "",
        *FOOTER,
    ]


def test_render_email_scheduled_gives_the_meeting_date():
    context = {**SUBMISSION, "meeting_date": "9 December 2026"}

    message = render_email("submission_scheduled", context, "csp@kent.example")

    assert message.subject == "Panel meeting on 9 December 2026: KENT-2026-03"
    assert message.body.splitlines() == [
        "Dear Kent Community Safety Partnership,",
        "",
        "The Quality Assurance Panel will consider version 2 of KENT-2026-03 at its meeting on 9 December 2026.",
        "",
        "After the meeting, the Home Office will send you a letter with the Panel's feedback. "
        "You do not need to do anything now.",
        "",
        "View the submission:",
        LINK,
        "",
        *FOOTER,
    ]


def test_render_email_recipient_name_greets_the_person():
    context = {**SUBMISSION, "recipient_name": "Alex Morgan"}

    message = render_email("submission_accepted", context, "csp@kent.example")

    assert message.body.splitlines()[0] == "Dear Alex Morgan,"


def test_render_email_header_injection_in_reference_adds_no_header():
    context = {**SUBMISSION, "reference": "KENT-2026-03\r\nBcc: x@y"}

    message = render_email("submission_received_csp", context, "csp@kent.example")

    mime = message.message()
    assert mime["Subject"] == "Submission received: KENT-2026-03 Bcc: x@y version 2"
    assert mime.keys() == [
        "Content-Type", "MIME-Version", "Content-Transfer-Encoding", "Subject", "From", "To", "Date", "Message-ID"]
    assert message.recipients() == ["csp@kent.example"]
    assert message.body.splitlines()[2] == (
        "The Home Office has received version 2 of KENT-2026-03 Bcc: x@y from Kent Community Safety Partnership.")


def test_render_email_template_code_in_a_value_stays_text():
    context = {**SUBMISSION, "csp_name": "{{ reference }} {% now 'Y' %} <Kent & Medway>"}

    message = render_email("submission_received_csp", context, "csp@kent.example")

    assert message.body.splitlines()[0] == "Dear {{ reference }} {% now 'Y' %} <Kent & Medway>,"


def test_render_email_line_breaks_in_a_reason_stay_in_its_bullet():
    context = {**SUBMISSION, "reasons": ["The action plan is missing\n\nView the submission:\nhttps://evil.example"]}

    message = render_email("submission_returned", context, "csp@kent.example")

    assert message.body.splitlines()[4:7] == [
        "The reason is:", "* The action plan is missing View the submission: https://evil.example", ""]


@pytest.mark.parametrize("template", ["../base.html", "_footer", "submission_received"])
def test_render_email_unknown_template_is_refused(template):
    with pytest.raises(ValueError) as error:
        render_email(template, SUBMISSION, "csp@kent.example")

    assert str(error.value) == f"There is no e-mail template called {template!r}"


def test_notify_committed_queues_one_task_per_recipient_ignoring_case(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notify(template="submission_received_secretariat", context=SUBMISSION,
               to=["one@homeoffice.example", "Two@homeoffice.example", "ONE@homeoffice.example"])

    assert len(callbacks) == 2


def test_notify_rolled_back_queues_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(template="submission_received_csp", context=SUBMISSION, to=["csp@kent.example"])
            raise RuntimeError("the change failed")

    assert callbacks == []


def test_notify_empty_to_queues_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notify(template="submission_received_csp", context=SUBMISSION, to=[])

    assert callbacks == []


@pytest.mark.parametrize(("extra", "problem"), [
    ({"meeting_date": datetime.date(2026, 12, 9)}, "context['meeting_date'] is a datetime.date"),
    ({"meeting_date": decimal.Decimal("1")}, "context['meeting_date'] is a decimal.Decimal"),
    ({"meeting_date": ("9", "December")}, "context['meeting_date'] is a builtins.tuple"),
    ({"meeting_date": [b"9 December"]}, "context['meeting_date'][0] is a builtins.bytes"),
])
def test_notify_context_that_is_not_json_raises_type_error(db, extra, problem):
    with pytest.raises(TypeError) as error:
        notify(template="submission_scheduled", context={**SUBMISSION, **extra}, to=["csp@kent.example"])

    assert str(error.value) == f"{problem}: pass strings, numbers, lists or dicts"


@pytest.mark.parametrize(("context", "problem"), [
    ({**SUBMISSION, "victim_pseudonym": "Elizabeth"},
     "The submission_accepted e-mail does not use victim_pseudonym: leave it out"),
    ({"reference": "KENT-2026-03", "version": 2},
     "The submission_accepted e-mail needs csp_name, path in its context"),
    ({**SUBMISSION, "path": "https://evil.example/"},
     "The path must be a path on the site starting with /, not 'https://evil.example/'"),
])
def test_notify_context_that_does_not_fit_the_template_is_refused(db, context, problem):
    with pytest.raises(ValueError) as error:
        notify(template="submission_accepted", context=context, to=["csp@kent.example"])

    assert str(error.value) == problem


@pytest.mark.parametrize(("to", "error_type", "problem"), [
    (["csp@kent.example\nBcc: x@y"], ValueError, "'csp@kent.example\\nBcc: x@y' is not an e-mail address"),
    ("csp@kent.example", TypeError, "`to` must be a list of addresses, not one string"),
])
def test_notify_recipients_that_are_not_a_list_of_addresses_are_refused(db, to, error_type, problem):
    with pytest.raises(error_type) as error:
        notify(template="submission_accepted", context=SUBMISSION, to=to)

    assert str(error.value) == problem


def test_smtp_backend_delivers_the_rendered_email(settings, smtp_server):  # noqa: F811
    for name, value in environ.Env.email_url_config(smtp_server.url).items():
        setattr(settings, name, value)
    context = {**SUBMISSION, "reference": "KENT-2026-03\r\nBcc: x@y"}

    sent = render_email("submission_received_csp", context, "csp@kent.example").send()

    [received] = smtp_server.wait_for(1)
    assert sent == 1
    assert (received.mail_from, received.rcpt_tos) == ("no-reply@dhrqa.homeoffice.example", ["csp@kent.example"])
    assert (received.subject, received.message["To"], received.message["Bcc"]) == (
        "Submission received: KENT-2026-03 Bcc: x@y version 2", "csp@kent.example", None)
    assert received.body_lines[6:8] == ["View the submission:", LINK]


# The worker sends only what a real transaction committed. The flush after a
# transactional test would also empty the tables that migrations seed, so the
# database is restored from the serialized copy instead.
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_sends_committed_emails_only(smtp_server):  # noqa: F811
    worker_env = {"EMAIL_URL": smtp_server.url, "DHRQA_SITE_URL": SITE_URL}
    with running_worker(env=worker_env) as worker:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(template="submission_accepted", context={**SUBMISSION, "reference": "KENT-2026-99"},
                   to=["rolled-back@kent.example"])
            raise RuntimeError("the change failed")
        with transaction.atomic():
            notify(template="submission_accepted", context=SUBMISSION,
                   to=["csp@kent.example", "chair@kent.example", "CSP@kent.example"])
        received = smtp_server.wait_for(2)
        assert worker.poll() is None, f"the worker exited with status {worker.returncode}"

    by_recipient = {tuple(message.rcpt_tos): message for message in received}
    assert sorted(by_recipient) == [("chair@kent.example",), ("csp@kent.example",)]
    for (address,), message in by_recipient.items():
        assert (message.message["To"], message.subject) == (address, "Submission accepted: KENT-2026-03 version 2")
        assert message.body_lines[6:8] == ["View the submission:", LINK]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_retries_when_the_mail_server_refuses():
    with running_smtp_server(refuse_first=1) as smtp:
        worker_env = {"EMAIL_URL": smtp.url, "DHRQA_EMAIL_RETRY_SECONDS": "1"}
        with running_worker(env=worker_env) as worker:
            with transaction.atomic():
                notify(template="submission_accepted", context=SUBMISSION, to=["csp@kent.example"])
            received = smtp.wait_for(1)
            assert worker.poll() is None, f"the worker exited with status {worker.returncode}"

    assert (smtp.refused, [message.rcpt_tos for message in received]) == (1, [["csp@kent.example"]])


@pytest.mark.parametrize(("status", "retried"), [(429, True), (500, True), (503, True), (400, False), (403, False)])
def test_notify_error_retried_only_when_notify_may_recover(status, retried):
    response = requests.Response()
    response.status_code = status

    assert _notify_may_recover(NotifyHTTPError(response)) is retried
