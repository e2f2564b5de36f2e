"""Counting a caller's requests to a costly page, so that one caller cannot keep it busy for everyone.

A fixed window per caller, in the cache (CACHES["default"]: Redis when
CACHE_URL names it, so every web process shares the count; otherwise each
process counts alone). The caller is the request's client address
(`client_address`).
"""

from django.conf import settings
from django.core.cache import cache

from dhrqa import clock


def allowed(request, *, name, limit, window_seconds, caller=None):
    """Count this request against `limit` for its caller in the current window; false once over it.

    `caller` counts by something else than the client address, e.g. a hash of the e-mail address asked about.
    """
    window = int(clock.now().timestamp()) // window_seconds
    key = f"throttle:{name}:{caller or client_address(request)}:{window}"
    if cache.add(key, 1, timeout=window_seconds):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def client_address(request):
    """The address the request came from.

    REMOTE_ADDR, unless DHRQA_TRUSTED_PROXY_HOPS proxies of our own stand in
    front: then the address the outermost of them saw, which each proxy
    appends to X-Forwarded-For. Addresses further left are the client's own
    claims and are not believed.
    """
    hops = settings.DHRQA_TRUSTED_PROXY_HOPS
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")
