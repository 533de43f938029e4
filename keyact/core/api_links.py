"""OpenAPI links from each create operation to the operations on the record it created.

A ``201`` answer carries the new record's ``id``; the links tell clients (and schemathesis'
stateful runs) that ``GET``/``PATCH``/``DELETE`` of ``…/{id}`` and its sub-resources take that
id. Path parameters the create operation already had are passed on from its request. When the
target operation's body takes a ``version`` (optimistic locking, ADR 0015) and the created
record carries one, the link passes it on too (``requestBody``; schemathesis merges it into the
body it generates), so following a link updates the record rather than meeting a 409.
"""

from __future__ import annotations

import re
from typing import Any

_PARAM = re.compile(r"\{([^}]+)\}")
_METHODS = ("get", "put", "patch", "delete", "post")


def _params(path: str) -> list[str]:
    return _PARAM.findall(path)


def _properties(schema: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    """The JSON body's properties of a response or request body (one ``$ref`` resolved)."""
    body = content.get("content", {}).get("application/json", {}).get("schema", {})
    ref = body.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        body = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    properties: dict[str, Any] = body.get("properties", {})
    return properties


def _collection(paths: dict[str, Any], create_path: str) -> str | None:
    """The path whose ``/{id}`` children address what ``create_path`` creates."""
    candidates = [create_path, create_path.rsplit("/", 1)[0]]
    for base in candidates:
        if any(
            _PARAM.fullmatch(p[len(base) + 1 :].split("/", 1)[0] or "")
            for p in paths
            if p.startswith(base + "/")
        ):
            return base
    return None


def _links_to(
    schema: dict[str, Any], path: str, values: dict[str, str], returned: dict[str, Any]
) -> dict[str, Any]:
    """The links to every operation on ``path``, whose parameters take ``values``."""
    links: dict[str, Any] = {}
    for method in _METHODS:
        target = schema["paths"][path].get(method)
        if target is None or "operationId" not in target:
            continue
        link: dict[str, Any] = {
            "operationId": target["operationId"],
            "parameters": values,
            "description": f"{method.upper()} {path} of the record just created.",
        }
        takes = _properties(schema, target.get("requestBody", {}))
        if "version" in takes and "version" in returned:
            link["requestBody"] = {"version": "$response.body#/version"}
        links[target["operationId"]] = link
    return links


def add_create_links(schema: dict[str, Any]) -> dict[str, Any]:
    """Add ``links`` to every ``201`` answer whose body has an ``id`` (in place; returned)."""
    paths: dict[str, Any] = schema.get("paths", {})
    for create_path, operations in paths.items():
        post = operations.get("post")
        responses = (post or {}).get("responses", {})
        created = responses.get(201) or responses.get("201")  # ninja keys statuses as ints
        returned = _properties(schema, created or {})
        if "id" not in returned:
            continue
        base = _collection(paths, create_path)
        if base is None:
            continue
        known = set(_params(create_path))
        links: dict[str, Any] = {}
        for path in paths:
            if not path.startswith(base + "/{"):
                continue
            new_param = _PARAM.match(path[len(base) + 1 :])
            assert new_param is not None
            params = _params(path)
            if set(params) - known != {new_param.group(1)}:
                continue
            values = {
                name: (
                    "$response.body#/id" if name == new_param.group(1) else f"$request.path.{name}"
                )
                for name in params
            }
            links.update(_links_to(schema, path, values, returned))
        if links:
            created["links"] = links
    return schema
