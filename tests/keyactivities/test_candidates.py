"""Candidates: the four lenses, suggestions from key steps, inspirations, decisions."""

from __future__ import annotations

import pytest
from django.utils import translation

from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.keyactivities.catalog import INSPIRATIONS, LENS_EXPLANATIONS
from keyact.keyactivities.models import Candidate, Lens
from keyact.keyactivities.selectors import candidate_comparison, candidate_get, candidate_list
from keyact.keyactivities.services import (
    candidate_create,
    candidate_decide,
    candidate_from_inspiration,
    candidate_update,
    candidates_suggest_key_steps,
)
from keyact.playbook.models import Process, Step
from tests.conftest import World
from tests.keyactivities.conftest import type_id


def test_a_manager_records_a_benchmark_candidate_with_its_evidence(kworld: World) -> None:
    manager = kworld.users["manager"]
    candidate = candidate_create(
        actor=manager,
        lens=Lens.BENCHMARK,
        title_en="Demo to the technical buyer before the quote",
        rationale="The top five reps all do it",
        evidence="Top quintile: 2.1 demos per deal vs 0.6 for the rest",
        impact=5,
        activity_type_ids=[type_id(kworld, "product_demo")],
    )
    assert candidate.status == Candidate.Status.PROPOSED
    assert candidate.source == Candidate.Source.MANUAL
    assert candidate.proposed_by == manager
    assert [t.code for t in candidate.activity_types.all()] == ["product_demo"]
    with translation.override("zh-hans"):
        assert candidate.title == "Demo to the technical buyer before the quote"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"lens": "gut_feeling", "title_en": "x"}, "lens"),
        ({"lens": "obstacles", "title_en": "  ", "title_zh": ""}, "title_en"),
        ({"lens": "obstacles", "title_en": "x", "impact": 6}, "impact"),
        ({"lens": "obstacles", "title_en": "x", "impact": 0}, "impact"),
        (
            {"lens": "obstacles", "title_en": "x", "activity_type_ids": [999999]},
            "activity_type_ids",
        ),
        ({"lens": "obstacles", "title_en": "x", "step_id": 999999}, "step_id"),
    ],
)
def test_bad_candidates_are_refused_and_nothing_is_recorded(
    kworld: World, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainError) as exc:
        candidate_create(actor=kworld.users["manager"], **kwargs)  # type: ignore[arg-type]
    assert exc.value.field == field
    assert Candidate.objects.count() == 0


def test_another_organisations_activity_type_is_refused(kworld: World) -> None:
    foreign = type_id(kworld, "visit") + 0
    other_type = kworld.other_org.activity_types.get(code="visit").pk
    assert foreign != other_type
    with pytest.raises(DomainError):
        candidate_create(
            actor=kworld.users["manager"],
            lens="obstacles",
            title_en="x",
            activity_type_ids=[other_type],
        )


def test_key_step_candidates_come_from_critical_steps_of_processes_in_use(kworld: World) -> None:
    manager = kworld.users["manager"]
    critical = list(
        Step.objects.filter(
            process__organization=kworld.org, process__in_use=True, is_critical=True
        ).order_by("order")
    )
    assert len(critical) == 3  # get information, give information, get commitment
    added = candidates_suggest_key_steps(actor=manager)
    assert [c.step for c in added] == critical
    assert {c.lens for c in added} == {Lens.KEY_STEPS}
    assert {c.source for c in added} == {Candidate.Source.SUGGESTED}
    assert all(c.title_en and c.title_zh for c in added)
    assert added[0].process is not None and added[0].process.code == "customer_visit"
    assert any(c.activity_types.exists() for c in added)


def test_suggesting_again_adds_nothing_even_after_a_rejection(kworld: World) -> None:
    manager = kworld.users["manager"]
    first = candidates_suggest_key_steps(actor=manager)
    candidate_decide(actor=manager, candidate_id=first[0].pk, decision="rejected", reason="Not now")
    assert candidates_suggest_key_steps(actor=manager) == []
    assert Candidate.objects.filter(organization=kworld.org).count() == 3


def test_using_another_process_suggests_its_critical_steps_too(kworld: World) -> None:
    manager = kworld.users["manager"]
    candidates_suggest_key_steps(actor=manager)
    Process.objects.filter(organization=kworld.org, code="strategic_selling").update(in_use=True)
    more = candidates_suggest_key_steps(actor=manager)
    expected = Step.objects.filter(
        process__organization=kworld.org, process__code="strategic_selling", is_critical=True
    ).count()
    assert len(more) == expected > 0


def test_no_process_in_use_means_no_suggestion(kworld: World) -> None:
    Process.objects.filter(organization=kworld.org).update(in_use=False)
    assert candidates_suggest_key_steps(actor=kworld.users["admin"]) == []


def test_innovation_inspirations_are_bilingual_and_start_a_candidate(kworld: World) -> None:
    assert {i.code for i in INSPIRATIONS} == {"hotpot_rnd", "rice_kitchen"}
    assert "火锅底料" in INSPIRATIONS[0].rationale.zh
    assert "五常大米" in INSPIRATIONS[1].rationale.zh
    assert set(LENS_EXPLANATIONS) == set(Lens.values)
    candidate = candidate_from_inspiration(
        actor=kworld.users["manager"], code="rice_kitchen", language="zh-hans"
    )
    assert candidate.lens == Lens.INNOVATION
    assert candidate.title_zh == "帮助饭店建立厨房管理流程"
    assert candidate.title_en == "Help restaurants build their kitchen management"
    assert "五常大米" in candidate.rationale


def test_rejecting_needs_a_reason_and_keeps_the_candidate_on_record(kworld: World) -> None:
    manager = kworld.users["manager"]
    candidate = candidate_create(actor=manager, lens="obstacles", title_en="Quote follow-up")
    with pytest.raises(DomainError) as exc:
        candidate_decide(actor=manager, candidate_id=candidate.pk, decision="rejected")
    assert exc.value.field == "reason"
    assert Candidate.objects.get(pk=candidate.pk).status == Candidate.Status.PROPOSED
    candidate_decide(
        actor=manager, candidate_id=candidate.pk, decision="rejected", reason="Low impact"
    )
    stored = Candidate.objects.get(pk=candidate.pk)
    assert stored.status == Candidate.Status.REJECTED
    assert stored.decision_reason == "Low impact"
    assert stored.decided_by == manager
    assert stored.decided_at is not None


def test_selecting_records_who_decided(kworld: World) -> None:
    admin = kworld.users["admin"]
    candidate = candidate_create(actor=admin, lens="benchmark", title_zh="标杆做法")
    candidate_decide(actor=admin, candidate_id=candidate.pk, decision="selected")
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.status, stored.decided_by) == (Candidate.Status.SELECTED, admin)
    with pytest.raises(DomainError):
        candidate_decide(actor=admin, candidate_id=candidate.pk, decision="maybe")


def test_comparison_puts_the_largest_impact_first(kworld: World) -> None:
    manager = kworld.users["manager"]
    low = candidate_create(actor=manager, lens="obstacles", title_en="Low", impact=1)
    high = candidate_create(actor=manager, lens="benchmark", title_en="High", impact=5)
    mid = candidate_create(actor=manager, lens="innovation", title_en="Mid", impact=3)
    rows = candidate_comparison(user=manager, candidate_ids=[low.pk, high.pk, mid.pk])
    assert [c.pk for c in rows] == [high.pk, mid.pk, low.pk]
    candidate_decide(actor=manager, candidate_id=mid.pk, decision="selected")
    assert [c.pk for c in candidate_comparison(user=manager, candidate_ids=[])] == [
        high.pk,
        low.pk,
    ]


def test_updating_a_candidate_checks_the_impact(kworld: World) -> None:
    manager = kworld.users["manager"]
    candidate = candidate_create(actor=manager, lens="obstacles", title_en="x", impact=2)
    candidate_update(actor=manager, candidate_id=candidate.pk, impact=4, evidence="Data")
    with pytest.raises(DomainError):
        candidate_update(actor=manager, candidate_id=candidate.pk, impact=9)
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.impact, stored.evidence) == (4, "Data")


@pytest.mark.parametrize("role", ["rep", "supporter"])
def test_reps_and_supporters_neither_propose_nor_see_candidates(kworld: World, role: str) -> None:
    candidate = candidate_create(actor=kworld.users["manager"], lens="obstacles", title_en="x")
    user = kworld.users[role]
    with pytest.raises(PermissionDenied):
        candidate_create(actor=user, lens="obstacles", title_en="y")
    with pytest.raises(PermissionDenied):
        candidate_decide(actor=user, candidate_id=candidate.pk, decision="selected")
    assert list(candidate_list(user=user)) == []
    assert Candidate.objects.count() == 1
    assert Candidate.objects.get().status == Candidate.Status.PROPOSED


def test_candidates_follow_the_scope(kworld: World) -> None:
    mine = candidate_create(actor=kworld.users["manager"], lens="obstacles", title_en="A")
    theirs = candidate_create(actor=kworld.users["manager_b"], lens="obstacles", title_en="B")
    suggested = candidates_suggest_key_steps(actor=kworld.users["admin"])
    visible = {c.pk for c in candidate_list(user=kworld.users["manager"])}
    assert visible == {mine.pk} | {c.pk for c in suggested}
    assert theirs.pk in {c.pk for c in candidate_list(user=kworld.users["director"])}
    assert theirs.pk in {c.pk for c in candidate_list(user=kworld.users["admin"])}
    with pytest.raises(NotFound):
        candidate_get(user=kworld.users["manager"], candidate_id=theirs.pk)
    with pytest.raises(NotFound):
        candidate_get(user=kworld.users["other_admin"], candidate_id=mine.pk)
    with pytest.raises(NotFound):
        candidate_decide(
            actor=kworld.users["other_admin"], candidate_id=mine.pk, decision="selected"
        )
    assert Candidate.objects.get(pk=mine.pk).status == Candidate.Status.PROPOSED
