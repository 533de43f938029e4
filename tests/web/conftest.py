"""Page-test fixtures: a client logged in as any user of the ``world``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from keyact.users.models import User


@pytest.fixture
def as_user(client: Client) -> Callable[[User], Client]:
    """Log the test client in as ``user`` (force_login: no password round trip, no lockout)."""

    def _as(user: User) -> Client:
        client.force_login(user)
        return client

    return _as
