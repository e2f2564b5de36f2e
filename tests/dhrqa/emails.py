"""E-mails a test's transaction queued, rendered as the worker would render them, and the links in them."""

from django.conf import settings

from dhrqa.notifications import render_email


def queued_emails(callbacks):
    """The e-mails among on-commit callbacks (from django_capture_on_commit_callbacks), rendered."""
    return [
        render_email(callback.keywords["template"], callback.keywords["context"], callback.keywords["to"])
        for callback in callbacks if "template" in getattr(callback, "keywords", {})
    ]


def link_in(body):
    """The one line of an e-mail's body that links to the service, as a path on the site."""
    [link] = [line for line in body.splitlines() if line.startswith(settings.DHRQA_SITE_URL + "/")]
    return link.removeprefix(settings.DHRQA_SITE_URL)
