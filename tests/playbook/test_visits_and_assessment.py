"""Visit plans (commitment objectives and results) and strategic-selling assessments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from keyact.activities.models import Activity, Outcome
from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.playbook.models import Assessment, BuyingInfluence, VisitPlan
from keyact.playbook.selectors import assessment_get, visit_plan_list
from keyact.playbook.services import (
    assessment_decide,
    influence_add,
    red_flag_add,
    visit_plan_cancel,
    visit_plan_create,
    visit_plan_record,
)
from keyact.playbook.strategic_selling import (
    InfluenceFacts,
    RedFlag,
    derive_red_flags,
    visit_successful,
)
from tests.conftest import World
from tests.factories import ContactFactory


@pytest.mark.parametrize(
    ("level", "success"), [("best", True), ("acceptable", True), ("below", False), ("none", False)]
)
def test_a_visit_succeeds_from_the_minimum_acceptable_action(level: str, success: bool) -> None:
    assert visit_successful(level) is success


def test_red_flags_are_derived_from_the_influence_map() -> None:
    assert derive_red_flags([]) == [RedFlag("no_economic_buyer"), RedFlag("no_coach")]
    flags = derive_red_flags(
        [
            InfluenceFacts("Wang", "economic", "even_keel", True),
            InfluenceFacts("Li", "coach", "growth", True),
            InfluenceFacts("Zhao", "technical", "overconfident", False),
            InfluenceFacts("Sun", "user", "trouble", False),
        ]
    )
    assert flags == [
        RedFlag("not_receptive", "Wang"),
        RedFlag("not_receptive", "Zhao"),
        RedFlag("uncovered", "Zhao"),
        RedFlag("uncovered", "Sun"),
    ]
    assert (
        derive_red_flags(
            [
                InfluenceFacts("Wang", "economic", "growth", True),
                InfluenceFacts("Li", "coach", "trouble", True),
            ]
        )
        == []
    )


def plan(world: World, user: str = "rep") -> VisitPlan:
    return visit_plan_create(
        actor=world.users[user],
        customer_id=world.customers[user].pk,
        opportunity_id=world.opportunities[user].pk,
        planned_for=timezone.now() + dt.timedelta(days=1),
        purpose="Present the pilot",
        best_action="Sign the pilot order by Friday",
        minimum_action="Agree a meeting with the IT head",
    )


@pytest.mark.django_db
def test_recording_a_visit_logs_the_done_visit_activity(world: World) -> None:
    visit = plan(world)
    done = visit_plan_record(
        actor=world.users["rep"],
        plan_id=visit.pk,
        commitment_level="acceptable",
        commitment_text="Meeting with the IT head on Tuesday",
        information_obtained="Budget approved in Q3",
        information_given="Pilot scope",
        next_step="Prepare the IT meeting",
    )
    assert done.status == VisitPlan.Status.DONE
    assert done.is_successful is True
    assert done.activity is not None
    activity = Activity.objects.get(pk=done.activity.pk)
    assert activity.type.code == "visit"
    assert activity.status == Activity.Status.DONE
    assert activity.outcome == Outcome.COMMITMENT
    assert activity.commitment_text == "Meeting with the IT head on Tuesday"
    assert activity.customer_id == world.customers["rep"].pk
    assert "Budget approved in Q3" in activity.notes


@pytest.mark.django_db
def test_a_visit_below_the_minimum_is_not_successful(world: World) -> None:
    visit = plan(world)
    done = visit_plan_record(
        actor=world.users["rep"],
        plan_id=visit.pk,
        commitment_level="below",
        commitment_text="Will read",
    )
    assert done.is_successful is False
    assert done.activity is not None and done.activity.outcome == Outcome.CONTINUATION
    assert plan(world).is_successful is None  # not recorded yet


@pytest.mark.django_db
def test_bad_visit_input_changes_nothing(world: World) -> None:
    rep = world.users["rep"]
    with pytest.raises(DomainError):
        visit_plan_create(
            actor=rep,
            customer_id=world.customers["rep"].pk,
            planned_for=timezone.now(),
            best_action="Sign",
            minimum_action="  ",
        )
    with pytest.raises(DomainError, match="another customer"):
        visit_plan_create(
            actor=world.users["admin"],
            customer_id=world.customers["rep"].pk,
            opportunity_id=world.opportunities["rep2"].pk,
            planned_for=timezone.now(),
            best_action="Sign",
            minimum_action="Meet",
        )
    assert not VisitPlan.objects.exists()
    visit = plan(world)
    activities = Activity.objects.count()
    with pytest.raises(DomainError):
        visit_plan_record(actor=rep, plan_id=visit.pk, commitment_level="best", commitment_text="")
    with pytest.raises(DomainError):
        visit_plan_record(actor=rep, plan_id=visit.pk, commitment_level="maybe")
    visit.refresh_from_db()
    assert visit.status == VisitPlan.Status.PLANNED
    assert Activity.objects.count() == activities
    visit_plan_record(actor=rep, plan_id=visit.pk, commitment_level="none")
    with pytest.raises(DomainError):
        visit_plan_record(actor=rep, plan_id=visit.pk, commitment_level="best", commitment_text="x")
    with pytest.raises(DomainError):
        visit_plan_cancel(actor=rep, plan_id=visit.pk)


@pytest.mark.django_db
def test_visit_plans_follow_the_data_scope(world: World) -> None:
    plan(world, "rep")
    plan(world, "rep2")
    plan(world, "rep_b")
    assert {p.owner.username for p in visit_plan_list(user=world.users["rep"])} == {"rep"}
    assert {p.owner.username for p in visit_plan_list(user=world.users["manager"])} == {
        "rep",
        "rep2",
    }
    assert list(visit_plan_list(user=world.users["other_admin"])) == []
    rep_b_plan = VisitPlan.objects.get(owner=world.users["rep_b"])
    with pytest.raises(NotFound):
        visit_plan_record(actor=world.users["rep"], plan_id=rep_b_plan.pk, commitment_level="none")
    with pytest.raises(NotFound):
        visit_plan_create(
            actor=world.users["rep"],
            customer_id=world.customers["rep_b"].pk,
            planned_for=timezone.now(),
            best_action="Sign",
            minimum_action="Meet",
        )


@pytest.mark.django_db
def test_assessment_maps_influences_and_records_the_decision(world: World) -> None:
    rep = world.users["rep"]
    opportunity = world.opportunities["rep"]
    economic = ContactFactory(customer=world.customers["rep"], name="Wang")
    coach = ContactFactory(customer=world.customers["rep"], name="Li")
    influence_add(
        actor=rep,
        opportunity_id=opportunity.pk,
        contact_id=economic.pk,
        role="economic",
        response_mode="even_keel",
        rating=-2,
        is_covered=False,
    )
    influence_add(
        actor=rep,
        opportunity_id=opportunity.pk,
        contact_id=coach.pk,
        role="coach",
        response_mode="growth",
        rating=4,
        is_covered=True,
    )
    red_flag_add(actor=rep, opportunity_id=opportunity.pk, text="A rival bid 20% lower")
    assessment_decide(
        actor=rep,
        opportunity_id=opportunity.pk,
        decision="go",
        reasons="Coach is strong",
        strengths="Reference customer nearby",
    )
    _opportunity, assessment = assessment_get(
        user=world.users["manager"], opportunity_id=opportunity.pk
    )
    assert assessment is not None
    assert assessment.decision == Assessment.Decision.GO
    assert [f.text for f in assessment.red_flags.all()] == ["A rival bid 20% lower"]
    facts = [
        InfluenceFacts(i.contact.name, i.role, i.response_mode, i.is_covered)
        for i in assessment.influences.all()
    ]
    assert derive_red_flags(facts) == [
        RedFlag("not_receptive", "Wang"),
        RedFlag("uncovered", "Wang"),
    ]


@pytest.mark.django_db
def test_bad_assessment_input_changes_nothing(world: World) -> None:
    rep = world.users["rep"]
    opportunity = world.opportunities["rep"]
    elsewhere = world.contacts["rep2"]
    with pytest.raises(DomainError, match="customer"):
        influence_add(
            actor=rep,
            opportunity_id=opportunity.pk,
            contact_id=elsewhere.pk,
            role="coach",
            response_mode="growth",
        )
    with pytest.raises(DomainError):
        influence_add(
            actor=rep,
            opportunity_id=opportunity.pk,
            contact_id=world.contacts["rep"].pk,
            role="coach",
            response_mode="growth",
            rating=9,
        )
    with pytest.raises(DomainError):
        assessment_decide(actor=rep, opportunity_id=opportunity.pk, decision="no_go", reasons=" ")
    assert not BuyingInfluence.objects.exists()
    assert not Assessment.objects.filter(decision="no_go").exists()
    with pytest.raises(NotFound):
        assessment_decide(
            actor=world.users["rep2"], opportunity_id=opportunity.pk, decision="go", reasons="x"
        )
    with pytest.raises(PermissionDenied):
        red_flag_add(actor=world.users["supporter"], opportunity_id=opportunity.pk, text="x")
