"""Nothing a signed-in person sees is kept by a browser's or a proxy's cache.

A shared computer's back button, or a proxy between a CSP and us, must not
hand casework to the next person. Every response that could hold someone's
casework or session is sent with `Cache-Control: no-store` (Django's
never-cache headers, which include it). Static files never reach this
middleware: WhiteNoise, above it, answers them with their long cache.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _private(request, response):
            add_never_cache_headers(response)
        return response


def _private(request, response):
    """Whether the response may hold what belongs to one browser's session.

    It does when it sets a cookie (a session or CSRF token), when making it read
    the session (the signed-in user, messages), or when the browser sent a
    session cookie: a signed-in person, without loading their session to ask.
    """
    if response.cookies or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return session is not None and session.accessed
