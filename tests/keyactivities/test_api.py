"""The key-activity API: the same rules as the services, JSON errors naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from keyact.keyactivities.models import Candidate, KeyActivity, Target
from keyact.keyactivities.services import (
    guide_step_add,
    key_activity_create,
    key_activity_publish,
    key_activity_update,
)
from keyact.users.models import User
from keyact.users.services import token_create
from tests.api.conftest import ApiClient
from tests.conftest import World
from tests.keyactivities.conftest import fresh, ready, type_id

BASE = "/key-activities"


@pytest.fixture
def api(kworld: World) -> Callable[[str], ApiClient]:
    """``api("manager")`` is a client holding a token of that world user."""

    def _as(name: str) -> ApiClient:
        user: User = kworld.users[name]
        _, raw = token_create(user=user, name="tests")
        return ApiClient(raw)

    return _as


def test_a_manager_walks_from_candidate_to_published_key_activity(
    kworld: World, api: Callable[[str], ApiClient]
) -> None:
    manager = api("manager")
    suggested = manager.post(f"{BASE}/candidates/suggest-key-steps")
    assert suggested.status_code == 200, suggested.json()
    assert len(suggested.json()) == 3
    assert manager.post(f"{BASE}/candidates/suggest-key-steps").json() == []
    candidate = manager.post(
        f"{BASE}/candidates",
        {
            "lens": "benchmark",
            "title_en": "Invite customers to see a reference customer",
            "evidence": "Top sellers do it monthly",
            "impact": 5,
            "activity_type_ids": [type_id(kworld, "reference_visit")],
        },
    )
    assert candidate.status_code == 201, candidate.json()
    cid = candidate.json()["id"]
    compared = manager.get(f"{BASE}/candidates/compare")
    assert compared.status_code == 200
    assert compared.json()[0]["id"] == cid  # impact 5 beats the suggestions' 4
    decided = manager.post(f"{BASE}/candidates/{cid}/decide", {"decision": "selected"})
    assert decided.json()["status"] == "selected"
    created = manager.post(
        f"{BASE}/from-template", {"valid_from": "2026-01-01", "candidate_id": cid}
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    kid, version = body["id"], body["version"]
    assert body["name_zh"] == "邀请客户参观样板用户"
    assert [s["quantity"] for s in body["stages"]] == [10, 5]
    assert body["candidate_id"] == cid
    assert "Name at least one owner." in body["publish_problems"]
    owners = manager.request(
        "put",
        f"{BASE}/{kid}/owners",
        {
            "version": version,
            "owners": [
                {"user_id": kworld.users["rep"].pk, "is_lead": True},
                {"user_id": kworld.users["rep2"].pk},
            ],
        },
    )
    assert owners.status_code == 200, owners.json()
    version = owners.json()["version"]
    published = manager.post(f"{BASE}/{kid}/publish", {"version": version})
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "published"
    version = published.json()["version"]
    generated = manager.post(
        f"{BASE}/{kid}/targets/generate", {"version": version, "period_start": "2026-03-01"}
    )
    assert generated.status_code == 200, generated.json()
    assert sorted(t["quantity"] for t in generated.json()["targets"]) == [10, 10]
    team = manager.request(
        "put",
        f"{BASE}/{kid}/team-targets",
        {
            "version": generated.json()["version"],
            "department_id": kworld.team_a.pk,
            "period_start": "2026-03-01",
            "quantity": 21,
        },
    )
    assert team.status_code == 200, team.json()
    assert team.json()["teams"] == [
        {
            "department_id": kworld.team_a.pk,
            "department_name": "Team A",
            "period_start": "2026-03-01",
            "team_quantity": 21,
            "member_sum": 21,
            "difference": 0,
        }
    ]
    history = manager.get(f"{BASE}/{kid}/history").json()
    assert [h["action"] for h in history] == [
        "created",
        "template",
        "owners",
        "published",
        "targets",
        "targets",
    ]
    rep = api("rep")
    mine = rep.get(f"{BASE}/mine")
    assert mine.status_code == 200
    assert [m["name"] for m in mine.json()] == ["Invite customers to visit a reference customer"]
    assert rep.get(f"{BASE}/{kid}").status_code == 200


def test_a_stale_version_answers_409_naming_version(
    kworld: World, api: Callable[[str], ApiClient]
) -> None:
    ka = ready(kworld)
    manager = api("manager")
    ok = manager.patch(f"{BASE}/{ka.pk}", {"version": ka.version, "quantity": 9})
    assert ok.status_code == 200, ok.json()
    stale = manager.patch(f"{BASE}/{ka.pk}", {"version": ka.version, "quantity": 20})
    assert stale.status_code == 409
    assert stale.json()["errors"] == [
        {
            "field": "version",
            "message": "Someone else changed this key activity meanwhile. Reload it and try again.",
        }
    ]
    assert fresh(ka).quantity == 9


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/publish", {}, "owners"),
        (
            "/stages",
            {
                "stages": [
                    {"activity_type_id": 0, "quantity": 5},
                ]
            },
            "stages.0.activity_type_id",
        ),
        ("/quality", {"kind": "checklist", "checklist_step_ids": [987654]}, "checklist_step_ids"),
        ("/targets/generate", {"period_start": "2025-06-01"}, "period_start"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    kworld: World, api: Callable[[str], ApiClient], path: str, body: dict[str, object], field: str
) -> None:
    manager_user = kworld.users["manager"]
    ka = key_activity_create(
        actor=manager_user,
        name_en="Visits",
        valid_from=dt.date(2026, 1, 1),
        quantity=5,
        activity_type_ids=[type_id(kworld, "visit")],
    )
    guide_step_add(actor=manager_user, key_activity_id=ka.pk, version=1, text_en="Plan")
    version = fresh(ka).version
    method = "put" if path in ("/stages", "/quality") else "post"
    response = api("manager").request(method, f"{BASE}/{ka.pk}{path}", {"version": version, **body})
    assert response.status_code in (400, 422), response.json()
    assert field in [e["field"] for e in response.json()["errors"]]
    assert fresh(ka).version == version
    assert Target.objects.count() == 0


def test_staged_standard_where_a_later_stage_exceeds_the_earlier_is_a_400(
    kworld: World, api: Callable[[str], ApiClient]
) -> None:
    ka = ready(kworld)
    response = api("manager").request(
        "put",
        f"{BASE}/{ka.pk}/stages",
        {
            "version": ka.version,
            "stages": [
                {"activity_type_id": type_id(kworld, "communication"), "quantity": 5},
                {"activity_type_id": type_id(kworld, "reference_visit"), "quantity": 10},
            ],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "stages.1"
    assert not fresh(ka).stages.exists()


def test_two_leads_are_a_400(kworld: World, api: Callable[[str], ApiClient]) -> None:
    ka = ready(kworld)
    response = api("manager").request(
        "put",
        f"{BASE}/{ka.pk}/owners",
        {
            "version": ka.version,
            "owners": [
                {"user_id": kworld.users["rep"].pk, "is_lead": True},
                {"user_id": kworld.users["rep2"].pk, "is_lead": True},
            ],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "owners", "message": "Only one owner can be the lead."}
    ]


def test_unknown_fields_and_oversize_strings_are_422(
    kworld: World, api: Callable[[str], ApiClient]
) -> None:
    manager = api("manager")
    unknown = manager.post(BASE, {"name_en": "x", "valid_from": "2026-01-01", "colour": "blue"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "colour"
    long = manager.post(BASE, {"name_en": "x" * 201, "valid_from": "2026-01-01"})
    assert long.status_code == 422
    assert long.json()["errors"][0]["field"] == "name_en"
    missing_version = manager.patch(f"{BASE}/1", {"quantity": 3})
    assert missing_version.status_code == 422
    assert KeyActivity.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("rep", 403), ("supporter", 403), ("other_admin", 404), ("manager_b", 404)],
)
def test_denied_writes_change_nothing(
    kworld: World, api: Callable[[str], ApiClient], role: str, status: int
) -> None:
    ka = ready(kworld)
    ka = key_activity_update(
        actor=kworld.users["manager"],
        key_activity_id=ka.pk,
        version=ka.version,
        supporter_ids=[kworld.users["supporter"].pk],
    )
    ka = key_activity_publish(
        actor=kworld.users["manager"], key_activity_id=ka.pk, version=ka.version
    )
    client = api(role)
    response = client.patch(f"{BASE}/{ka.pk}", {"version": ka.version, "quantity": 1})
    assert response.status_code == status
    assert client.post(f"{BASE}/{ka.pk}/retire", {"version": ka.version}).status_code == status
    assert fresh(ka).quantity == 8 and fresh(ka).status == "published"
    assert fresh(ka).version == ka.version


def test_candidates_are_not_for_reps(kworld: World, api: Callable[[str], ApiClient]) -> None:
    rep = api("rep")
    assert rep.get(f"{BASE}/candidates").json()["items"] == []
    refused = rep.post(f"{BASE}/candidates", {"lens": "benchmark", "title_en": "x"})
    assert refused.status_code == 403
    assert Candidate.objects.count() == 0


def test_reject_without_reason_names_reason(kworld: World, api: Callable[[str], ApiClient]) -> None:
    manager = api("manager")
    cid = manager.post(f"{BASE}/candidates", {"lens": "obstacles", "title_en": "x"}).json()["id"]
    response = manager.post(f"{BASE}/candidates/{cid}/decide", {"decision": "rejected"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reason"
    inspired = manager.post(f"{BASE}/candidates/from-inspiration", {"code": "hotpot_rnd"})
    assert inspired.status_code == 201
    assert inspired.json()["lens"] == "innovation"


def test_lists_are_scoped(kworld: World, api: Callable[[str], ApiClient]) -> None:
    ka = ready(kworld)
    assert [k["id"] for k in api("manager").get(BASE).json()["items"]] == [ka.pk]
    assert api("other_admin").get(BASE).json()["items"] == []
    assert api("rep").get(BASE).json()["items"] == []  # a draft
    assert api("other_admin").get(f"{BASE}/{ka.pk}").status_code == 404
    assert api("other_admin").get(f"{BASE}/{ka.pk}/history").status_code == 404


def test_staffing_gap_then_removal_through_the_api(
    kworld: World, api: Callable[[str], ApiClient]
) -> None:
    manager = api("manager")
    created = manager.post(
        BASE,
        {
            "name_en": "German-speaking accounts",
            "valid_from": "2026-01-01",
            "quantity": 4,
            "activity_type_ids": [type_id(kworld, "visit")],
        },
    ).json()
    kid = created["id"]
    gap = manager.post(
        f"{BASE}/{kid}/staffing-gap", {"version": created["version"], "note": "Nobody speaks it"}
    )
    assert gap.status_code == 200, gap.json()
    assert gap.json()["status"] == "staffing_gap"
    assert gap.json()["publish_problems"][0].startswith("Staffing gap")
    refused = manager.post(f"{BASE}/{kid}/publish", {"version": gap.json()["version"]})
    assert refused.status_code == 400
    stale = manager.delete(f"{BASE}/{kid}?version={created['version']}")
    assert stale.status_code == 409
    removed = manager.delete(f"{BASE}/{kid}?version={gap.json()['version']}")
    assert removed.status_code == 204
    assert not KeyActivity.objects.filter(pk=kid).exists()


def test_a_published_key_activity_cannot_be_deleted(
    kworld: World, api: Callable[[str], ApiClient]
) -> None:
    ka = ready(kworld)
    ka = key_activity_publish(
        actor=kworld.users["manager"], key_activity_id=ka.pk, version=ka.version
    )
    response = api("manager").delete(f"{BASE}/{ka.pk}?version={ka.version}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"
    assert KeyActivity.objects.filter(pk=ka.pk).exists()


def test_owners_through_the_api_follow_the_same_lead_rules(
    kworld: World, api: Callable[[str], ApiClient]
) -> None:
    ka = ready(kworld)
    manager = api("manager")
    rep, rep2 = kworld.users["rep"].pk, kworld.users["rep2"].pk
    url = f"{BASE}/{ka.pk}/owners"
    not_an_owner = manager.request(
        "put", url, {"version": ka.version, "owners": [{"user_id": rep}], "lead_id": rep2}
    )
    assert not_an_owner.status_code == 400
    assert not_an_owner.json()["errors"][0]["field"] == "lead_id"
    assert not fresh(ka).owners.filter(user_id=rep2).exists()
    no_lead = manager.request(
        "put", url, {"version": ka.version, "owners": [{"user_id": rep}, {"user_id": rep2}]}
    )
    assert no_lead.status_code == 400
    assert no_lead.json()["errors"][0]["field"] == "lead_id"
    gap = manager.request(
        "put",
        url,
        {
            "version": ka.version,
            "owners": [{"user_id": rep}, {"user_id": rep2}],
            "staffing_gap": True,
            "staffing_note": "Nobody has led a reference visit yet",
        },
    )
    assert gap.status_code == 200, gap.json()
    assert gap.json()["status"] == "staffing_gap"
    led = manager.request(
        "put",
        url,
        {
            "version": gap.json()["version"],
            "owners": [{"user_id": rep}, {"user_id": rep2}],
            "lead_id": rep2,
        },
    )
    assert led.status_code == 200, led.json()
    assert led.json()["status"] == "draft"
    assert [o["user_id"] for o in led.json()["owners"] if o["is_lead"]] == [rep2]
