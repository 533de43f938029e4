"""Login throttling: the client address from trusted proxies only; lockouts hurt the attacker."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from keyact.core.client_address import client_address
from keyact.users.login_throttle import DEVICE_COOKIE
from tests.conftest import World
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.2"
ATTACKER = "203.0.113.7"
VICTIM = "198.51.100.5"


def _address(settings, hops: int, forwarded: str | None, remote: str = BALANCER) -> str:
    settings.KEYACT_TRUSTED_PROXY_HOPS = hops
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_the_client_address_comes_from_trusted_proxies_only(settings) -> None:
    # Without proxies the header is whatever the client wrote: ignored.
    assert _address(settings, 0, "1.2.3.4") == BALANCER
    # One balancer appends the address it saw; anything further left is the client's own text.
    assert _address(settings, 1, f"1.2.3.4, {ATTACKER}") == ATTACKER
    assert _address(settings, 1, ATTACKER) == ATTACKER
    # Two proxies (CDN, then the balancer): the second entry from the right.
    assert _address(settings, 2, f"9.9.9.9, {VICTIM}, 10.1.1.1") == VICTIM
    # Fewer entries than trusted hops, garbage, or no header: only the peer is known.
    assert _address(settings, 2, VICTIM) == BALANCER
    assert _address(settings, 1, "not-an-address") == BALANCER
    assert _address(settings, 1, None) == BALANCER
    assert _address(settings, 1, "2001:db8::1") == "2001:db8::1"


def _login(client: Client, username: str, password: str, address: str) -> int:
    response = client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=address,
    )
    return response.status_code


@pytest.fixture
def behind_a_balancer(settings) -> int:
    settings.KEYACT_TRUSTED_PROXY_HOPS = 1
    return int(settings.AXES_FAILURE_LIMIT)


def test_an_attacker_cannot_lock_the_victim_out_of_a_known_device(
    world: World, behind_a_balancer: int
) -> None:
    victim = Client()
    assert _login(victim, "rep", PASSWORD, VICTIM) == 302  # the victim's phone, remembered
    assert DEVICE_COOKIE in victim.cookies
    victim.post(reverse("logout"))
    attacker = Client()
    for _ in range(behind_a_balancer + 2):
        assert _login(attacker, "rep", "guess", ATTACKER) in (200, 429)
    # The attacker is locked out, even with the right password from their device ...
    assert _login(attacker, "rep", PASSWORD, ATTACKER) == 429
    # ... and so is any new device trying that username ...
    assert _login(Client(), "rep", PASSWORD, "192.0.2.44") == 429
    # ... but the victim's known device still logs in with the correct password.
    assert _login(victim, "rep", PASSWORD, VICTIM) == 302


def test_behind_a_balancer_other_users_are_not_locked_by_one_attackers_address(
    world: World, behind_a_balancer: int
) -> None:
    attacker = Client()
    for _ in range(behind_a_balancer):
        _login(attacker, "manager", "guess", ATTACKER)
    # Everyone shares the balancer's REMOTE_ADDR; only the attacker's own address is locked.
    assert _login(Client(), "rep2", PASSWORD, VICTIM) == 302
    assert _login(Client(), "rep2", PASSWORD, ATTACKER) == 429


def test_guessing_many_usernames_from_one_address_locks_that_address(
    world: World, behind_a_balancer: int
) -> None:
    attacker = Client()
    names = ["rep", "rep2", "manager", "director", "admin", "supporter", "rep_b", "manager_b"]
    for i in range(behind_a_balancer):
        _login(attacker, names[i % len(names)], "guess", ATTACKER)
    assert _login(attacker, "other_rep", PASSWORD, ATTACKER) == 429
    # None of those usernames reached the limit on its own.
    assert _login(Client(), "rep", PASSWORD, VICTIM) == 302


def test_a_success_with_an_own_account_does_not_reset_the_guessing_count(
    world: World, behind_a_balancer: int
) -> None:
    attacker = Client()
    for _ in range(behind_a_balancer - 1):
        _login(attacker, "manager", "guess", ATTACKER)
    # The attacker's own account (rep2) logs in from the same address ...
    assert _login(Client(), "rep2", PASSWORD, ATTACKER) == 302
    # ... yet the next guess at the manager reaches the limit.
    _login(attacker, "manager", "guess", ATTACKER)
    assert _login(attacker, "manager", PASSWORD, ATTACKER) == 429


def test_a_forged_device_cookie_is_an_unknown_device(world: World, behind_a_balancer: int) -> None:
    for _ in range(behind_a_balancer):
        _login(Client(), "rep", "guess", ATTACKER)
    forger = Client()
    forger.cookies[DEVICE_COOKIE] = "eyJ1IjpbInJlcCJdfQ:forged:signature"
    assert _login(forger, "rep", PASSWORD, VICTIM) == 429
