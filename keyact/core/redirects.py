"""Where to send a person after a form: the ``next`` they came from, if it stays on this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request: HttpRequest, default: str) -> str:
    """The posted (or queried) ``next`` when it is a path on this host, else ``default``.

    ``next`` is text anyone can write: an absolute address elsewhere would be an open redirect,
    and a bare word would be taken by ``redirect()`` for a URL name. Only same-site paths pass.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and "\x00" not in target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default
