"""The diagnosis through the API and the CLI: the same numbers, scoped by the caller."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from keyact.users.services import token_create
from tests.conftest import World
from tests.playbook.conftest import Deals

pytestmark = pytest.mark.django_db

URL = "/api/v1/playbook/diagnosis"


def api_get(user, **query):  # type: ignore[no-untyped-def]
    _token, raw = token_create(user=user, name="tests")
    return Client().get(URL, query, headers={"Authorization": f"Bearer {raw}"})


def cli(*args: str) -> dict:  # type: ignore[type-arg]
    out = StringIO()
    call_command("diagnose", *args, stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_cli_prints_the_documented_shape(world: World, deals: Deals) -> None:
    report = cli("--org", "acme", "--json")
    assert set(report["modes"]) == {"small_order", "small_customer", "large_order", "large_account"}
    assert report["modes"]["small_customer"] == {
        "revenue_share": round(80000 / 570000, 4),
        "count_share": round(2 / 6, 4),
        "deals": 2,
        "revenue": "80000.00",
        "large_customer_revenue_share": round(50000 / 80000, 4),
        "large_customer_count_share": 0.5,
    }
    assert report["unclassified"] == 2
    assert report["dominant"] == ["large_order"]
    assert report["thresholds"]["large_order_amount"] == "100000"
    assert report["thresholds"]["currency"] == "CNY"
    assert [a["processes"] for a in report["advice"]] == [["customer_visit", "strategic_selling"]]
    assert report["suggestion"] is None  # six classified amounts: too few to suggest


def test_cli_period_and_errors(world: World, deals: Deals) -> None:
    report = cli("--org", "acme", "--from", "2026-04-01", "--to", "2026-06-30", "--json")
    assert report["deals"] == 4
    assert report["date_from"] == "2026-04-01"
    with pytest.raises(CommandError, match="No organisation"):
        cli("--org", "nope", "--json")
    with pytest.raises(CommandError, match="starts after it ends"):
        cli("--org", "acme", "--from", "2026-04-01", "--to", "2026-01-01", "--json")
    out = StringIO()
    call_command("diagnose", "--org", "acme", stdout=out)
    assert "large_order" in out.getvalue() and "unclassified: 2" in out.getvalue()


def test_api_gives_the_same_numbers_as_the_cli_for_an_admin(world: World, deals: Deals) -> None:
    response = api_get(world.users["admin"])
    assert response.status_code == 200
    body = response.json()
    report = cli("--org", "acme", "--json")
    for key in ("modes", "unclassified", "thresholds", "dominant", "deals", "revenue", "advice"):
        assert body[key] == report[key]


def test_api_is_scoped_to_the_caller(world: World, deals: Deals) -> None:
    rep = api_get(world.users["rep"]).json()
    assert rep["deals"] == 2
    assert rep["modes"]["small_order"]["deals"] == 1
    assert rep["suggested_threshold"] is None
    manager = api_get(world.users["manager"]).json()
    assert manager["deals"] == 3
    assert manager["unclassified"] == 1
    other = api_get(world.users["other_admin"]).json()
    assert other["deals"] == 0 and other["unclassified"] == 0 and other["by_rep"] == []


def test_api_refuses_bad_periods_and_anonymous_callers(world: World) -> None:
    response = api_get(world.users["admin"], date_from="2026-05-01", date_to="2026-01-01")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "date_from"
    assert api_get(world.users["admin"], date_from="not-a-date").status_code == 422
    assert Client().get(URL).status_code == 401


def test_api_questionnaire(world: World) -> None:
    _token, raw = token_create(user=world.users["rep"], name="tests")
    headers = {"Authorization": f"Bearer {raw}"}
    url = "/api/v1/playbook/questionnaire"
    answer = {"order_size": "small", "customer_novelty": "existing", "customer_size": "small"}
    response = Client().post(url, answer, content_type="application/json", headers=headers)
    assert response.status_code == 200
    assert response.json()["dominant"] == ["small_customer"]
    assert response.json()["advice"][0]["processes"] == ["customer_success"]
    response = Client().post(
        url, {"order_size": "small"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "customer_novelty"


def test_api_questionnaire_refuses_unknown_fields_and_values(world: World) -> None:
    _token, raw = token_create(user=world.users["rep"], name="tests")
    headers = {"Authorization": f"Bearer {raw}"}
    url = "/api/v1/playbook/questionnaire"
    body = {"order_size": "huge", "customer_novelty": "new", "customer_size": "small"}
    response = Client().post(url, body, content_type="application/json", headers=headers)
    assert response.status_code == 422
    body = {"order_size": "small", "customer_novelty": "new", "customer_size": "small", "x": 1}
    response = Client().post(url, body, content_type="application/json", headers=headers)
    assert response.status_code == 422
