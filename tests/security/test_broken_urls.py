"""A crawl with deliberately broken URLs and parameters finds no server error, for every role.

For every page URL pattern the crawl fills the path with an id that exists (so the view runs)
and with ids no column can hold, then sends GET and POST requests whose query string and form
fields carry malformed values: digits other than ASCII, huge numbers, text, NUL characters.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from keyact.keyactivities.views._common import STEPS
from keyact.keyactivities.views.actions import ACTIONS
from tests.conftest import World
from tests.keyactivities.conftest import ready

pytestmark = pytest.mark.django_db

HUGE = str(2**64)
# Each round gives every parameter one of these values in turn (so each name meets several).
BAD_VALUES = ["²", HUGE, "-1", "abc\x00", "1.5", "9" * 400, "", "٣"]
ROUNDS = 2
# Every parameter name a page reads from the query string or a form, and common guesses.
PARAMETERS = [
    "page",
    "q",
    "id",
    "ids",
    "customer",
    "customer_id",
    "opportunity",
    "opportunity_id",
    "owner",
    "owner_id",
    "type",
    "type_id",
    "status",
    "from",
    "to",
    "date",
    "date_from",
    "date_to",
    "lens",
    "process",
    "step",
    "step_id",
    "item_id",
    "tool_id",
    "version",
    "candidate_id",
    "template",
    "action",
    "direction",
    "code",
    "quantity",
    "next",
    "period",
    "language",
    "outcome",
    "occurred_at",
    "amount",
    "employees",
    "stage",
    "stage_id",
    "manager_id",
    "department_id",
    "parent_id",
    "impact",
    "name",
    "photo",
    "attachment",
]
SKIPPED = ("admin/", "api/", "accounts/logout/", "accounts/login/", "i18n/")
# Path parameter → the model whose first row in the organisation makes the view run.
MODELS = {
    "activity_id": "activities.Activity",
    "customer_id": "customers.Customer",
    "contact_id": "customers.Contact",
    "opportunity_id": "deals.Opportunity",
    "type_id": "activities.ActivityType",
    "process_id": "playbook.Process",
    "plan_id": "playbook.VisitPlan",
    "key_activity_id": "keyactivities.KeyActivity",
    "candidate_id": "keyactivities.Candidate",
    "token_id": "users.ApiToken",
}


def _patterns(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _existing_id(name: str, world: World) -> str:
    if name == "user_id":
        return str(world.users["rep"].pk)
    label = MODELS.get(name)
    if label is None:
        model = None
        if name == "step_id":
            model = apps.get_model("playbook", "ProcessStep")
        if model is None:
            return "1"
    else:
        model = apps.get_model(label)
    first = model.objects.order_by("pk").first()
    return str(first.pk) if first else "1"


def _fill(pattern: str, values: dict[str, str]) -> str:
    url = pattern
    for name, value in values.items():
        for converter in ("id", "slug", "str", "int"):
            url = url.replace(f"<{converter}:{name}>", value)
    return "/" + url


def _urls(world: World) -> tuple[list[str], list[str]]:
    """URLs that reach their view (real ids) and URLs with ids that no column can hold."""
    urls: list[str] = []
    impossible: list[str] = []
    for pattern in _patterns(get_resolver().url_patterns):
        if pattern.startswith(SKIPPED):
            continue
        names = [part.split(":")[1].rstrip(">") for part in pattern.split("<")[1:]]
        real = {n: _existing_id(n, world) for n in names if n not in ("name", "step")}
        slugs = {"name": [*ACTIONS, "zzz"], "step": [*STEPS, "zzz"]}
        variants = [real]
        for slug_name in ("name", "step"):
            if slug_name in names:
                variants = [{**v, slug_name: s} for v in variants for s in slugs[slug_name]]
        urls += [_fill(pattern, v) for v in variants]
        if names:
            for bad in ("0", HUGE, str(2**63)):
                impossible.append(
                    _fill(pattern, {**{n: bad for n in names}, "name": "x", "step": "x"})
                )
    return urls, impossible


@pytest.mark.parametrize("role", ["admin", "director", "manager", "rep", "supporter", None])
def test_broken_urls_and_parameters_never_answer_a_server_error(
    world: World, role: str | None
) -> None:
    ready(world)  # a key activity, so its pages run with real ids
    client = Client(raise_request_exception=False)
    if role is not None:
        client.force_login(world.users[role])
    failures: list[str] = []
    urls, impossible = _urls(world)
    for url in impossible:
        response = client.get(url)
        if response.status_code != 404:
            failures.append(f"GET {url}: {response.status_code}")
    for url in urls:
        for round_ in range(ROUNDS):
            query = {
                name: BAD_VALUES[(i + round_ * 3) % len(BAD_VALUES)]
                for i, name in enumerate(PARAMETERS)
            }
            for method in ("get", "post"):
                response = getattr(client, method)(url, query)
                if response.status_code >= 500:
                    failures.append(
                        f"{method.upper()} {url} round {round_}: {response.status_code}"
                    )
            if role is not None and "_auth_user_id" not in client.session:
                client.force_login(world.users[role])  # a form may have logged the user out
    assert failures == []
    assert len(urls) > 50 and len(impossible) > 80
