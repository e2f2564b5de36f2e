"""The page for an error nobody caught: 503 when the database cannot be reached, 500 otherwise."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# How long to tell a caller to wait while the database comes back (a restart takes seconds).
RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """Django's handler500, called while the exception is being handled.

    A database that is restarting or unreachable says so with 503 and
    Retry-After: the next request connects afresh (CONN_HEALTH_CHECKS drops a
    dead persistent connection), so the service recovers without a restart.
    The templates use no database and no context processors.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponseServerError(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
