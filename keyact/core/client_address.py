"""The client's address, read through the trusted proxies only.

Behind a load balancer every request comes from the balancer's address; the client's address is
in ``X-Forwarded-For``, which each proxy extends with the address it received the request from.
Only the entries written by proxies we trust are believable: with ``KEYACT_TRUSTED_PROXY_HOPS``
= N the client is the N-th entry from the right. Anything a client writes into the header itself
sits further left and is ignored. With N = 0 (the default, no proxy) the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the client (``AXES_CLIENT_IP_CALLABLE``); REMOTE_ADDR without proxies."""
    remote = _address(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"
    hops: int = settings.KEYACT_TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        # The request did not pass through every trusted proxy: only the peer is known.
        return remote
    return _address(forwarded[-hops]) or remote
