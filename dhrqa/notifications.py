"""E-mails that tell people a submission moved on, and link them to the service.

The casework is OFFICIAL-SENSITIVE, so an e-mail says what happened and links
to the page; it never carries documents, their contents or the pseudonyms of
the people in a review. Each template accepts a fixed set of context keys, so
a caller cannot pass anything else into an e-mail by accident.

Values are plain text typed by people. Templates render them as variables,
which Django never parses as template code, and a subject is collapsed onto
one line, so no value can add a header.
"""

import functools
import json
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template import Context, Engine

SERVICE_NAME = "DHR QA"

SUBMISSION_KEYS = frozenset({"reference", "csp_name", "version", "path"})
# What each template needs; `recipient_name` is optional in all of them.
TEMPLATE_KEYS = {
    "submission_received_csp": SUBMISSION_KEYS,
    "submission_received_secretariat": SUBMISSION_KEYS,
    "submission_returned": SUBMISSION_KEYS | {"reasons"},
    "submission_accepted": SUBMISSION_KEYS,
    "submission_scheduled": SUBMISSION_KEYS | {"meeting_date"},
    "reader_assigned": frozenset({"reference", "meeting_date", "due_date", "path"}),
    "papers_released": frozenset({"meeting_date", "path"}),
    "assessments_outstanding": frozenset({"meeting_date", "references", "due_date", "path"}),
    "letter_to_sign": frozenset({"reference", "meeting_date", "path"}),
    "letter_returned": frozenset({"reference", "path"}),
    "letter_issued": SUBMISSION_KEYS | {"letter_date"},
    "national_responses_overdue": frozenset({"body_name", "items", "path"}),
    # The path of these two carries a single-use token: the e-mail is the only place it is written.
    "invitation": frozenset({"role", "csp_name", "expires", "path"}),
    "password_reset": frozenset({"expires", "minutes", "path"}),
}
OPTIONAL_KEYS = frozenset({"recipient_name"})
PLAIN_SCALARS = (str, int, float, bool, type(None))


def notify(*, template: str, to: list[str], context: dict) -> None:
    """Queue the e-mail `template` to each address in `to`, once the transaction commits.

    1. Refuse an unknown template, a context that is not plain JSON data or
       does not fit the template, and anything in `to` that is not an address.
    2. Drop repeated addresses, ignoring case; an empty `to` sends nothing.
    3. For each address, queue one `send_email_task` on commit, so nobody sees
       another recipient, a rolled-back change sends nothing, and a broker
       outage is logged instead of failing the request (`robust=True`).

    Every recipient gets the same context: to greet each by `recipient_name`,
    call once per person.
    """
    from dhrqa.tasks import send_email_task

    check_context(template, context)
    # A copy: the caller may change its dict before the transaction commits.
    context = json.loads(json.dumps(context))
    for address in unique_addresses(to):
        transaction.on_commit(
            functools.partial(send_email_task.delay, template=template, to=address, context=context),
            robust=True,
        )


def render_email(template: str, context: dict, to: str) -> EmailMessage:
    """The e-mail `template` for one recipient, rendered as plain text.

    The subject comes from `email/<template>.subject.txt`, with all whitespace
    (line breaks included) collapsed to single spaces; the body from
    `email/<template>.body.txt`. Every text value is put on one line. Both
    templates also see `service_name` and `link`, the site address followed
    by the context's `path`.
    """
    check_context(template, context)
    engine = email_template_engine()
    context = Context(
        {
            **{key: one_line(value) for key, value in context.items()},
            "service_name": SERVICE_NAME,
            "link": settings.DHRQA_SITE_URL + context["path"],
        },
        autoescape=engine.autoescape,
    )
    subject = " ".join(engine.get_template(f"{template}.subject.txt").render(context).split())
    body = engine.get_template(f"{template}.body.txt").render(context).strip() + "\n"
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])


def one_line(value):
    # Every value is one line in an e-mail (each reason is a bullet), so a
    # value cannot add lines that pass for the template's own, such as a link.
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [one_line(item) for item in value]
    return value


@functools.cache
def email_template_engine():
    # Its own engine: plain text needs no HTML escaping, and no context
    # processor should add the request or the user to an e-mail.
    return Engine(dirs=[settings.BASE_DIR / "templates" / "email"], autoescape=False)


def check_context(template, context):
    """Raise TypeError or ValueError unless `context` fits `template`."""
    if template not in TEMPLATE_KEYS:
        raise ValueError(f"There is no e-mail template called {template!r}")
    if not isinstance(context, dict):
        raise TypeError(f"The context must be a dict, not {type(context).__name__}")
    check_plain_data(context, "context")
    required = TEMPLATE_KEYS[template]
    if missing := sorted(required - context.keys()):
        raise ValueError(f"The {template} e-mail needs {', '.join(missing)} in its context")
    if unknown := sorted(context.keys() - required - OPTIONAL_KEYS):
        raise ValueError(f"The {template} e-mail does not use {', '.join(unknown)}: leave it out")
    path = context["path"]
    if not isinstance(path, str) or not path.startswith("/") or any(char.isspace() for char in path):
        raise ValueError(f"The path must be a path on the site starting with /, not {path!r}")
    reasons = context.get("reasons")
    if reasons is not None and (
        not isinstance(reasons, list) or not reasons or not all(isinstance(reason, str) for reason in reasons)
    ):
        raise ValueError("The reasons must be a list of one or more strings")


def check_plain_data(value, where):
    """Raise TypeError unless `value` is strings, numbers, lists and dicts with string keys."""
    if isinstance(value, PLAIN_SCALARS):
        # NaN and infinity are not JSON, whatever Python's json module allows.
        if isinstance(value, float) and not math.isfinite(value):
            raise TypeError(f"{where} is {value}, which JSON cannot carry")
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            check_plain_data(item, f"{where}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where} has the key {key!r}: keys must be strings")
            check_plain_data(item, f"{where}[{key!r}]")
        return
    raise TypeError(
        f"{where} is a {type(value).__module__}.{type(value).__qualname__}: "
        "pass strings, numbers, lists or dicts"
    )


def unique_addresses(to):
    """The addresses in `to`, each once (ignoring case), in the order given."""
    if isinstance(to, str):
        raise TypeError("`to` must be a list of addresses, not one string")
    unique = {}
    for address in to:
        if not isinstance(address, str):
            raise TypeError(f"{address!r} is not an e-mail address")
        address = address.strip()
        try:
            validate_email(address)
        except ValidationError:
            raise ValueError(f"{address!r} is not an e-mail address") from None
        unique.setdefault(address.casefold(), address)
    return list(unique.values())
