"""Counting a caller's requests to a costly page, so that one caller cannot keep it busy for everyone.

A fixed window per caller, in the cache (CACHES["default"]: Redis when
CACHE_URL names it, so every web process shares the count; otherwise each
process counts alone). The caller is the request's REMOTE_ADDR: behind a
proxy, the proxy must set it to the client's address.
"""

from django.core.cache import cache

from dhrqa import clock


def allowed(request, *, name, limit, window_seconds):
    """Count this request against `limit` for its caller in the current window; false once over it."""
    window = int(clock.now().timestamp()) // window_seconds
    key = f"throttle:{name}:{request.META.get('REMOTE_ADDR', '')}:{window}"
    if cache.add(key, 1, timeout=window_seconds):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
