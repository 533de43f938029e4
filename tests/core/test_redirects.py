"""``next`` after a form: same-site paths only (no open redirect, no URL-name lookup)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from keyact.core.redirects import next_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/customers/7/", "/customers/7/"),
        ("/insights/impact/?period=2026", "/insights/impact/?period=2026"),
        ("https://evil.example/", "/home/"),
        ("//evil.example/x", "/home/"),
        ("index", "/home/"),
        ("٣", "/home/"),
        ("/x\x00y", "/home/"),
        ("", "/home/"),
        ("javascript:alert(1)", "/home/"),
    ],
)
def test_next_url_keeps_only_paths_on_this_site(given: str, expected: str) -> None:
    request = RequestFactory().post("/form/", {"next": given})
    assert next_url(request, "/home/") == expected


def test_next_url_reads_the_query_string_too() -> None:
    request = RequestFactory().get("/form/", {"next": "/opportunities/"})
    assert next_url(request, "/home/") == "/opportunities/"
