"""Counting a caller's requests to a costly page, so that one caller cannot keep it busy for everyone.

A fixed window per caller, in the cache (CACHES["default"]: Redis when
CACHE_URL names it, so every web process shares the count; otherwise each
process counts alone). The caller is the request's client address, an IPv6
one by its /64 (`caller_address`): that is what one home or office is given,
and a caller could move through its 2**64 addresses at will.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache

from dhrqa import clock


def allowed(request, *, name, limit, window_seconds, caller=None):
    """Count this request against `limit` for its caller in the current window; false once over it.

    `caller` counts by something else than the client address, e.g. a hash of the e-mail address asked about.
    """
    window = int(clock.now().timestamp()) // window_seconds
    key = f"throttle:{name}:{caller or caller_address(request)}:{window}"
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


def caller_address(request):
    """The client address a budget is kept for (rate limits here, failed sign-ins in dhrqa.lockout)."""
    return address_group(client_address(request))


def address_group(address):
    """An IPv4 address as it is; an IPv6 address as its /64's first address; an IPv4-mapped one as the IPv4.

    "2001:db8:1:2::1" and "2001:db8:1:2::ffff" are both "2001:db8:1:2::", an
    address still (axes keeps it in a GenericIPAddressField); "::ffff:1.2.3.4"
    is "1.2.3.4". A scoped one ("fe80::1%eth0", which Django's address
    validation accepts and a link-local REMOTE_ADDR may carry) loses its scope:
    "fe80::". Anything that is not an address is given back unchanged.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    # From the integer: the text forms of a scoped address keep its "%scope", which IPv6Network refuses.
    return str(ipaddress.IPv6Address(int(parsed) >> 64 << 64))
