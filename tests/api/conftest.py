"""API test helpers: a client that sends a user's bearer token, and JSON shortcuts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from keyact.users.models import User
from keyact.users.services import token_create

API = "/api/v1"


class ApiClient:
    """Calls the API as one user (or anonymously) with JSON bodies."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(
        self, method: str, path: str, body: Any = None, raw: str | None = None, **query: Any
    ):
        url = path if path.startswith("/api/") else API + path
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs: dict[str, Any] = {"headers": self.headers}
        if method == "get":
            return self.client.get(url, query, **kwargs)
        kwargs.update(data=data or "", content_type="application/json")
        return getattr(self.client, method)(url, **kwargs)

    def get(self, path: str, **query: Any):
        return self.request("get", path, **query)

    def post(self, path: str, body: Any = None, raw: str | None = None):
        return self.request("post", path, body, raw)

    def patch(self, path: str, body: Any = None, raw: str | None = None):
        return self.request("patch", path, body, raw)

    def delete(self, path: str):
        return self.request("delete", path)


@pytest.fixture
def as_user(db: None) -> Callable[[User | None], ApiClient]:
    """``as_user(user)`` returns a client authenticated with a fresh token of ``user``."""

    def _as(user: User | None) -> ApiClient:
        if user is None:
            return ApiClient(None)
        _, raw = token_create(user=user, name="tests")
        return ApiClient(raw)

    return _as
