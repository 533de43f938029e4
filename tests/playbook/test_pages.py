"""Playbook pages: they render in both languages, follow the data scope and refuse bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from keyact.activities.models import Activity
from keyact.playbook.models import DiagnosisSettings, Process, Step, VisitPlan
from tests.conftest import World
from tests.playbook.conftest import Deals, won_deal

pytestmark = pytest.mark.django_db


def client_for(world: World, name: str, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(world.users[name])
    return client


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_overview_installs_the_playbook_and_renders(
    world: World, deals: Deals, language: str
) -> None:
    response = client_for(world, "admin", language).get("/playbook/")
    assert response.status_code == 200
    assert Process.objects.filter(organization=world.org).count() == 5
    text = response.content.decode()
    assert ("客户拜访" if language == "zh-hans" else "Customer visit") in text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_diagnosis_page_shows_the_mix_and_charts(world: World, deals: Deals, language: str) -> None:
    response = client_for(world, "admin", language).get("/playbook/diagnosis/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "echarts.min.js" in text
    assert 'id="diagnosis-chart"' in text
    assert "2026 Q1" in text
    assert deals.by_name["F"].name in text  # unclassified deals are listed


@pytest.mark.parametrize(
    ("language", "total", "large_share", "rule"),
    [
        ("en", "Won deals: 6 · CNY 570,000", "43%", "Large order"),
        ("zh-hans", "赢单：6 笔 · ¥570,000", "43%", "“大新少”：订单大、客户新、数量少"),  # noqa: RUF001
    ],
)
def test_diagnosis_page_states_the_rule_and_formats_money_for_the_reader(
    world: World, deals: Deals, language: str, total: str, large_share: str, rule: str
) -> None:
    text = client_for(world, "admin", language).get("/playbook/diagnosis/").content.decode()
    assert total in text
    assert rule in text
    # Large-order mode: 150,000 of its 350,000 came from BigCo, a large customer.
    assert large_share in text
    assert "570000" not in text.replace("570000.00", "")


def test_the_suggested_threshold_is_explained_in_one_sentence(world: World, deals: Deals) -> None:
    for index in range(10):
        won_deal(
            world,
            "rep",
            world.customers["rep"],
            str(1000 + index),
            dt.date(2026, 6, 1),
        )
    text = client_for(world, "admin").get("/playbook/diagnosis/").content.decode()
    assert (
        "Suggested large-order threshold: CNY 39,000. The 4 won deals at or above it (25% of 16)"
        " bring 90% of the won revenue"
    ) in text
    assert 'id="chart-distribution"' in text
    assert '"suggested": 39000.0' in text and '"threshold": 100000.0' in text


def test_a_rep_sees_their_own_diagnosis_without_other_deals(world: World, deals: Deals) -> None:
    text = client_for(world, "rep").get("/playbook/diagnosis/").content.decode()
    assert "Rep2" not in text
    assert deals.by_name["F"].name not in text
    assert "Save thresholds" not in text


def test_bad_thresholds_show_a_message_and_change_nothing(world: World) -> None:
    client = client_for(world, "admin")
    response = client.post(
        "/playbook/diagnosis/thresholds/",
        {
            "large_order_amount": "50000",
            "large_customer_employees": "100",
            "large_customer_revenue": "1000",
            "dominant_share": "0.3",
        },
    )
    assert response.status_code == 400
    assert "inverted" in response.content.decode()
    assert not DiagnosisSettings.objects.exists()
    response = client.post(
        "/playbook/diagnosis/thresholds/",
        {
            "large_order_amount": "50000",
            "large_customer_employees": "100",
            "large_customer_revenue": "90000000",
            "dominant_share": "0.3",
        },
    )
    assert response.status_code == 302
    assert DiagnosisSettings.objects.get().large_order_amount == 50000


def test_a_manager_cannot_set_thresholds(world: World) -> None:
    response = client_for(world, "manager").post(
        "/playbook/diagnosis/thresholds/",
        {
            "large_order_amount": "5",
            "large_customer_employees": "1",
            "large_customer_revenue": "90000000",
            "dominant_share": "0.3",
        },
    )
    assert response.status_code == 404
    assert not DiagnosisSettings.objects.exists()


def test_questionnaire_needs_every_answer(world: World) -> None:
    client = client_for(world, "rep")
    response = client.post("/playbook/diagnosis/questionnaire/", {"order_size": "large"})
    assert response.status_code == 400
    assert "Please answer this question." in response.content.decode()
    response = client.post(
        "/playbook/diagnosis/questionnaire/",
        {"order_size": "large", "customer_novelty": "new", "customer_size": "small"},
    )
    assert response.status_code == 200
    assert "Strategic selling" in response.content.decode()


def test_process_page_and_admin_edits(world: World) -> None:
    client = client_for(world, "admin", "zh-hans")
    client.get("/playbook/")
    process = Process.objects.get(organization=world.org, code="strategic_selling")
    response = client.get(f"/playbook/processes/{process.pk}/")
    assert response.status_code == 200
    assert "经济决策者" in response.content.decode()
    response = client.post(
        f"/playbook/processes/{process.pk}/steps/",
        {"name_en": "Site survey", "name_zh": "现场勘测", "is_critical": "on"},
    )
    assert response.status_code == 302
    assert Step.objects.filter(process=process, name_zh="现场勘测", is_critical=True).exists()
    other = client_for(world, "other_admin")
    assert other.get(f"/playbook/processes/{process.pk}/").status_code == 404


def test_visit_plan_flow_through_the_pages(world: World) -> None:
    client = client_for(world, "rep")
    response = client.post(
        "/playbook/visits/new/",
        {
            "customer": world.customers["rep"].pk,
            "opportunity": world.opportunities["rep"].pk,
            "planned_for": "2026-12-01T10:00",
            "purpose": "Pilot",
            "best_action": "Sign the pilot",
            "minimum_action": "Meet the IT head",
        },
    )
    assert response.status_code == 302
    plan = VisitPlan.objects.get()
    response = client.post(
        f"/playbook/visits/{plan.pk}/",
        {"commitment_level": "best", "commitment_text": "", "information_obtained": "x"},
    )
    assert response.status_code == 400  # a commitment needs its text
    plan.refresh_from_db()
    assert plan.status == "planned"
    response = client.post(
        f"/playbook/visits/{plan.pk}/",
        {"commitment_level": "best", "commitment_text": "Pilot signed Friday"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_successful is True
    assert Activity.objects.filter(pk=plan.activity_id, type__code="visit").exists()
    assert "successful" in client.get("/playbook/visits/").content.decode()
    assert client_for(world, "rep2").get(f"/playbook/visits/{plan.pk}/").status_code == 404


def test_assessment_page(world: World) -> None:
    client = client_for(world, "rep")
    opportunity = world.opportunities["rep"]
    url = f"/playbook/opportunities/{opportunity.pk}/assessment/"
    response = client.get(url)
    assert response.status_code == 200
    assert "No economic buyer identified." in response.content.decode()
    response = client.post(
        url,
        {
            "action": "influence",
            "contact": world.contacts["rep"].pk,
            "role": "economic",
            "response_mode": "overconfident",
            "rating": "1",
        },
    )
    assert response.status_code == 302
    text = client.get(url).content.decode()
    assert "rep contact is in even-keel or overconfident mode" in text
    assert "No economic buyer identified." not in text
    response = client.post(url, {"action": "decision", "decision": "no_go", "reasons": ""})
    assert response.status_code == 400
    assert client_for(world, "rep_b").get(url).status_code == 404


def test_admin_renames_a_step_but_cannot_move_it_elsewhere(world: World) -> None:
    client = client_for(world, "admin")
    client.get("/playbook/")
    visit = Process.objects.get(organization=world.org, code="customer_visit")
    strategic = Process.objects.get(organization=world.org, code="strategic_selling")
    step = visit.steps.get(code="trust")
    form = {
        "name_en": "Build rapport",
        "name_zh": "建立信任",
        "description_en": "",
        "description_zh": "",
    }
    response = client.post(f"/playbook/processes/{visit.pk}/steps/{step.pk}/edit/", form)
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.name_en, step.is_critical) == ("Build rapport", False)
    # Posting the step under another process's URL is refused and changes nothing.
    form["name_en"] = "Moved"
    response = client.post(f"/playbook/processes/{strategic.pk}/steps/{step.pk}/edit/", form)
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.process_id, step.name_en) == (visit.pk, "Build rapport")
    messages = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert any("cannot move to another process" in m for m in messages)


def test_other_organisations_get_404_on_visits_and_assessments(world: World) -> None:
    plan = VisitPlan.objects.create(
        organization=world.org,
        owner=world.users["rep"],
        customer=world.customers["rep"],
        planned_for="2026-12-01T10:00:00+08:00",
        best_action="Sign",
        minimum_action="Meet",
    )
    other = client_for(world, "other_admin")
    assert other.get(f"/playbook/visits/{plan.pk}/").status_code == 404
    opportunity = world.opportunities["rep"]
    assert other.get(f"/playbook/opportunities/{opportunity.pk}/assessment/").status_code == 404
    response = other.post(
        f"/playbook/opportunities/{opportunity.pk}/assessment/",
        {"action": "red_flag", "text": "x"},
    )
    assert response.status_code == 404
    assert other.post(f"/playbook/visits/{plan.pk}/cancel/").status_code == 404
    plan.refresh_from_db()
    assert plan.status == "planned"


def test_admin_renames_and_maps_a_step_activity_but_a_manager_cannot(world: World) -> None:
    from keyact.activities.models import ActivityType
    from keyact.playbook.models import StepActivity

    visit = Process.objects.get(organization=world.org, code="customer_visit")
    item = StepActivity.objects.filter(step__process=visit).order_by("id").first()
    assert item is not None
    demo = ActivityType.objects.get(organization=world.org, code="product_demo")
    url = f"/playbook/processes/{visit.pk}/activities/{item.pk}/map/"
    before = (item.name_en, item.name_zh, item.activity_type_id)
    response = client_for(world, "manager").post(
        url, {"name_en": "Nope", "name_zh": "不", "activity_type": demo.pk}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert (item.name_en, item.name_zh, item.activity_type_id) == before
    response = client_for(world, "admin").post(
        url, {"name_en": "Show the product", "name_zh": "展示产品", "activity_type": demo.pk}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.name_en, item.name_zh, item.activity_type_id) == (
        "Show the product",
        "展示产品",
        demo.pk,
    )
