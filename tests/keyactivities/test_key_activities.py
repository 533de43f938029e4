"""Defining, outputting, staffing and publishing key activities: every rule, with nothing
changed when a rule refuses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from keyact.core.errors import Conflict, DomainError
from keyact.keyactivities.models import Change, GuideStep, KeyActivity, Owner, QualityKind
from keyact.keyactivities.selectors import key_activity_get, key_activity_history
from keyact.keyactivities.services import (
    OwnerSpec,
    StageSpec,
    candidate_create,
    candidate_decide,
    guide_step_add,
    guide_step_move,
    guide_step_remove,
    key_activity_create,
    key_activity_create_from_template,
    key_activity_mark_staffing_gap,
    key_activity_publish,
    key_activity_remove,
    key_activity_retire,
    key_activity_set_quality,
    key_activity_set_stages,
    key_activity_update,
    owners_set,
    tool_add,
    training_complete,
    training_item_add,
)
from tests.conftest import World
from tests.keyactivities.conftest import VALID_FROM, draft, fresh, ready, type_id


def snapshot(ka: KeyActivity) -> tuple[object, ...]:
    """Everything a refused write must leave untouched."""
    stored = fresh(ka)
    return (
        stored.version,
        stored.status,
        stored.quantity,
        stored.quality_kind,
        stored.name_en,
        list(stored.owners.values_list("user_id", "is_lead")),
        list(stored.stages.values_list("quantity", flat=True)),
        list(stored.guide_steps.values_list("pk", "in_checklist")),
        stored.changes.count(),
    )


def test_a_key_activity_starts_from_a_selected_candidate(kworld: World) -> None:
    manager = kworld.users["manager"]
    candidate = candidate_create(
        actor=manager,
        lens="obstacles",
        title_en="Follow up every quote within two days",
        title_zh="报价后两天内跟进",
        activity_type_ids=[type_id(kworld, "communication")],
    )
    with pytest.raises(DomainError) as exc:
        key_activity_create(actor=manager, valid_from=VALID_FROM, candidate_id=candidate.pk)
    assert exc.value.field == "candidate_id"
    assert KeyActivity.objects.count() == 0
    candidate_decide(actor=manager, candidate_id=candidate.pk, decision="selected")
    ka = key_activity_create(actor=manager, valid_from=VALID_FROM, candidate_id=candidate.pk)
    assert (ka.name_en, ka.name_zh) == (candidate.title_en, candidate.title_zh)
    assert [t.code for t in ka.activity_types.all()] == ["communication"]
    assert ka.status == KeyActivity.Status.DRAFT
    assert ka.version == 1
    with translation.override("zh-hans"):
        assert ka.name == "报价后两天内跟进"
    history = list(key_activity_history(key_activity=ka))
    assert [(h.version, h.action, h.changed_by) for h in history] == [(1, "created", manager)]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name_en": "", "name_zh": ""}, "name_en"),
        ({"period": "year"}, "period"),
        ({"aggregate": "sum"}, "aggregate"),
        ({"quantity": 0}, "quantity"),
        ({"tracking_frequency": "daily"}, "tracking_frequency"),
        ({"tracking_frequency": "weekly", "review_day": 7}, "review_day"),
        ({"tracking_frequency": "monthly", "review_day": 31}, "review_day"),
        ({"valid_to": dt.date(2025, 12, 31)}, "valid_to"),
        ({"activity_type_ids": [123456789]}, "activity_type_ids"),
    ],
)
def test_bad_definitions_are_refused(kworld: World, kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(DomainError) as exc:
        draft(kworld, **kwargs)
    assert exc.value.field == field
    assert KeyActivity.objects.count() == 0


def test_an_update_records_before_and_after_and_bumps_the_version(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = draft(kworld)
    ka = key_activity_update(
        actor=manager,
        key_activity_id=ka.pk,
        version=1,
        quantity=12,
        period="week",
        activity_type_ids=[type_id(kworld, "visit"), type_id(kworld, "appointment")],
    )
    assert (ka.version, ka.quantity, ka.period) == (2, 12, "week")
    change = Change.objects.get(key_activity=ka, version=2)
    assert change.action == "updated"
    assert change.changed_by == manager
    assert change.changes["quantity"] == [8, 12]
    assert change.changes["period"] == ["month", "week"]
    assert change.changes["activity_type_ids"] == [
        [type_id(kworld, "visit")],
        sorted([type_id(kworld, "visit"), type_id(kworld, "appointment")]),
    ]


def test_a_stale_version_is_a_conflict_and_changes_nothing(kworld: World) -> None:
    manager, director = kworld.users["manager"], kworld.users["director"]
    ka = draft(kworld)
    key_activity_update(actor=director, key_activity_id=ka.pk, version=1, quantity=9)
    before = snapshot(ka)
    with pytest.raises(Conflict) as exc:
        key_activity_update(actor=manager, key_activity_id=ka.pk, version=1, quantity=20)
    assert exc.value.field == "version"
    assert exc.value.status_code == 409
    for write in (
        lambda: guide_step_add(actor=manager, key_activity_id=ka.pk, version=1, text_en="x"),
        lambda: owners_set(
            actor=manager,
            key_activity_id=ka.pk,
            version=1,
            owners=[OwnerSpec(kworld.users["rep"].pk, True)],
        ),
        lambda: key_activity_publish(actor=manager, key_activity_id=ka.pk, version=1),
    ):
        with pytest.raises(Conflict):
            write()
    assert snapshot(ka) == before
    assert fresh(ka).quantity == 9


def test_publishing_needs_owners(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = draft(kworld)
    guide_step_add(actor=manager, key_activity_id=ka.pk, version=ka.version, text_en="Plan")
    ka = fresh(ka)
    before = snapshot(ka)
    with pytest.raises(DomainError) as exc:
        key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    assert (exc.value.field, exc.value.message) == ("owners", "Name at least one owner.")
    assert snapshot(ka) == before


def test_several_owners_without_a_lead_are_refused(kworld: World) -> None:
    ka = ready(kworld, owners=("rep",))
    before = snapshot(ka)
    with pytest.raises(DomainError) as exc:
        owners_set(
            actor=kworld.users["manager"],
            key_activity_id=ka.pk,
            version=ka.version,
            owners=[OwnerSpec(kworld.users["rep"].pk), OwnerSpec(kworld.users["rep2"].pk)],
        )
    assert exc.value.field == "lead_id"
    assert exc.value.message.startswith("Choose the lead among the owners")
    assert snapshot(ka) == before


def test_owners_without_a_lead_under_a_declared_staffing_gap_cannot_be_published(
    kworld: World,
) -> None:
    ka = ready(kworld, owners=("rep", "rep2"), lead="nobody", gap=True)
    assert ka.status == KeyActivity.Status.STAFFING_GAP
    assert not Owner.objects.filter(key_activity=ka, is_lead=True).exists()
    before = snapshot(ka)
    with pytest.raises(DomainError) as exc:
        key_activity_publish(
            actor=kworld.users["manager"], key_activity_id=ka.pk, version=ka.version
        )
    assert exc.value.message == "Staffing gap: assign an owner, or remove the key activity."
    assert snapshot(ka) == before
    # Naming the lead closes the gap.
    ka = owners_set(
        actor=kworld.users["manager"],
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep"].pk, True), OwnerSpec(kworld.users["rep2"].pk)],
    )
    assert (ka.status, ka.staffing_note) == (KeyActivity.Status.DRAFT, "")


def test_two_leads_are_refused(kworld: World) -> None:
    ka = ready(kworld, owners=("rep",))
    before = snapshot(ka)
    with pytest.raises(DomainError) as exc:
        owners_set(
            actor=kworld.users["manager"],
            key_activity_id=ka.pk,
            version=ka.version,
            owners=[
                OwnerSpec(kworld.users["rep"].pk, True),
                OwnerSpec(kworld.users["rep2"].pk, True),
            ],
        )
    assert (exc.value.field, exc.value.message) == ("owners", "Only one owner can be the lead.")
    assert snapshot(ka) == before


def test_a_single_owner_is_the_lead_and_publishing_works(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = ready(kworld, owners=("rep",), lead="nobody")
    assert list(ka.owners.values_list("user__username", "is_lead")) == [("rep", True)]
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    assert ka.status == KeyActivity.Status.PUBLISHED
    assert ka.published_at is not None
    last = key_activity_history(key_activity=ka).last()
    assert last is not None
    assert (last.action, last.changes) == ("published", {"status": ["draft", "published"]})
    with pytest.raises(DomainError):
        key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)


def test_a_published_key_activity_keeps_an_owner_and_a_lead(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = ready(kworld, owners=("rep",))
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    before = snapshot(ka)
    with pytest.raises(DomainError):
        owners_set(actor=manager, key_activity_id=ka.pk, version=ka.version, owners=[])
    with pytest.raises(DomainError):
        owners_set(
            actor=manager,
            key_activity_id=ka.pk,
            version=ka.version,
            owners=[OwnerSpec(kworld.users["rep"].pk), OwnerSpec(kworld.users["rep2"].pk)],
        )
    assert snapshot(ka) == before


def test_a_staffing_gap_blocks_publishing_until_someone_is_assigned(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = draft(kworld)
    guide_step_add(actor=manager, key_activity_id=ka.pk, version=ka.version, text_en="Plan")
    ka = key_activity_mark_staffing_gap(
        actor=manager, key_activity_id=ka.pk, version=fresh(ka).version, note="Nobody speaks German"
    )
    assert (ka.status, ka.staffing_note) == ("staffing_gap", "Nobody speaks German")
    before = snapshot(ka)
    with pytest.raises(DomainError) as exc:
        key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    assert exc.value.message.startswith("Staffing gap")
    assert snapshot(ka) == before
    ka = owners_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep2"].pk)],
    )
    assert ka.status == "draft"
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    assert ka.status == "published"


def test_a_staffing_gap_can_be_removed_instead(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = draft(kworld)
    ka = key_activity_mark_staffing_gap(actor=manager, key_activity_id=ka.pk, version=1)
    key_activity_remove(actor=manager, key_activity_id=ka.pk, version=ka.version)
    assert not KeyActivity.objects.filter(pk=ka.pk).exists()


def test_a_key_activity_with_owners_is_no_staffing_gap(kworld: World) -> None:
    ka = ready(kworld)
    with pytest.raises(DomainError):
        key_activity_mark_staffing_gap(
            actor=kworld.users["manager"], key_activity_id=ka.pk, version=ka.version
        )
    assert fresh(ka).status == "draft"


def test_retiring_keeps_the_record_and_freezes_it(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = ready(kworld)
    with pytest.raises(DomainError):
        key_activity_retire(actor=manager, key_activity_id=ka.pk, version=ka.version)
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    with pytest.raises(DomainError):
        key_activity_remove(actor=manager, key_activity_id=ka.pk, version=ka.version)
    ka = key_activity_retire(actor=manager, key_activity_id=ka.pk, version=ka.version)
    assert ka.status == "retired" and ka.retired_at is not None
    with pytest.raises(DomainError):
        key_activity_update(actor=manager, key_activity_id=ka.pk, version=ka.version, quantity=3)
    assert [c.action for c in key_activity_history(key_activity=ka)][-2:] == [
        "published",
        "retired",
    ]


def test_staged_standard_later_stage_may_not_exceed_the_earlier(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = draft(kworld)
    before = snapshot(ka)
    with pytest.raises(DomainError) as exc:
        key_activity_set_stages(
            actor=manager,
            key_activity_id=ka.pk,
            version=ka.version,
            stages=[
                StageSpec(type_id(kworld, "communication"), 5, "Invite"),
                StageSpec(type_id(kworld, "reference_visit"), 10, "Visit"),
            ],
        )
    assert exc.value.field == "stages.1"
    assert "cannot exceed" in exc.value.message
    assert snapshot(ka) == before
    ka = key_activity_set_stages(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        stages=[
            StageSpec(type_id(kworld, "communication"), 10, "Invite", "邀请"),
            StageSpec(type_id(kworld, "reference_visit"), 5, "Visit", "参观"),
        ],
    )
    assert list(ka.stages.values_list("order", "quantity")) == [(1, 10), (2, 5)]
    assert ka.quantity == 10
    assert {t.code for t in ka.activity_types.all()} >= {"communication", "reference_visit"}


def test_checklist_must_name_guide_steps_of_this_key_activity(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = draft(kworld)
    other = draft(kworld, name_en="Other")
    step = guide_step_add(actor=manager, key_activity_id=ka.pk, version=1, text_en="Invite")
    foreign = guide_step_add(actor=manager, key_activity_id=other.pk, version=1, text_en="X")
    ka = fresh(ka)
    before = snapshot(ka)
    for ids in ([step.pk + foreign.pk + 1000], [foreign.pk], []):
        with pytest.raises(DomainError) as exc:
            key_activity_set_quality(
                actor=manager,
                key_activity_id=ka.pk,
                version=ka.version,
                kind="checklist",
                checklist_step_ids=ids,
            )
        assert exc.value.field == "checklist_step_ids"
    assert snapshot(ka) == before
    ka = key_activity_set_quality(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        kind="checklist",
        checklist_step_ids=[step.pk],
    )
    assert ka.quality_kind == QualityKind.CHECKLIST
    assert GuideStep.objects.get(pk=step.pk).in_checklist
    # A required step cannot simply disappear from the guide.
    with pytest.raises(DomainError):
        guide_step_remove(actor=manager, key_activity_id=ka.pk, version=ka.version, step_id=step.pk)
    assert GuideStep.objects.filter(pk=step.pk).exists()


def test_quality_standard_is_of_one_kind(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = draft(kworld)
    ka = key_activity_set_quality(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        kind="evidence",
        evidence_checkin=True,
        evidence_max_distance_m=300,
        evidence_photo=True,
    )
    assert (ka.evidence_checkin, ka.evidence_max_distance_m, ka.evidence_photo) == (True, 300, True)
    ka = key_activity_set_quality(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        kind="rubric",
        rubric_criteria=["Asked about the decision process", "Agreed a next step"],
        rubric_threshold="3.5",
    )
    stored = fresh(ka)
    assert stored.quality_kind == "rubric"
    assert stored.rubric_threshold == Decimal("3.50")
    assert stored.rubric_criteria == ["Asked about the decision process", "Agreed a next step"]
    assert (stored.evidence_checkin, stored.evidence_max_distance_m) == (False, None)
    ka = key_activity_set_quality(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        kind="outcome",
        min_outcome="advance",
    )
    assert (fresh(ka).min_outcome, fresh(ka).rubric_criteria) == ("advance", [])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "vibes"}, "kind"),
        ({"kind": "outcome", "min_outcome": "maybe"}, "min_outcome"),
        ({"kind": "evidence"}, "evidence_checkin"),
        (
            {"kind": "evidence", "evidence_photo": True, "evidence_max_distance_m": 50},
            "evidence_max_distance_m",
        ),
        ({"kind": "rubric", "rubric_threshold": "3"}, "rubric_criteria"),
        ({"kind": "rubric", "rubric_criteria": ["a"], "rubric_threshold": "7"}, "rubric_threshold"),
        ({"kind": "rubric", "rubric_criteria": ["a"], "rubric_threshold": "x"}, "rubric_threshold"),
    ],
)
def test_bad_quality_standards_are_refused(
    kworld: World, kwargs: dict[str, object], field: str
) -> None:
    ka = draft(kworld)
    before = snapshot(ka)
    with pytest.raises(DomainError) as exc:
        key_activity_set_quality(
            actor=kworld.users["manager"],
            key_activity_id=ka.pk,
            version=ka.version,
            **kwargs,  # type: ignore[arg-type]
        )
    assert exc.value.field == field
    assert snapshot(ka) == before


def test_guide_training_and_tools_are_recorded_in_the_history(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = ready(kworld)
    second = guide_step_add(
        actor=manager, key_activity_id=ka.pk, version=ka.version, text_en="Confirm", text_zh="确认"
    )
    ka = guide_step_move(
        actor=manager,
        key_activity_id=ka.pk,
        version=fresh(ka).version,
        step_id=second.pk,
        direction="up",
    )
    assert [s.text_en for s in ka.guide_steps.order_by("order")] == ["Confirm", "Plan"]
    item = training_item_add(
        actor=manager,
        key_activity_id=ka.pk,
        version=fresh(ka).version,
        title_en="How to design an invitation",
        material_en="Role play",
    )
    tool = tool_add(
        actor=manager,
        key_activity_id=ka.pk,
        version=fresh(ka).version,
        kind="budget",
        name_en="Gifts",
        amount=Decimal("300"),
        provided_by="Marketing",
    )
    assert (tool.currency, tool.amount) == ("CNY", Decimal("300"))
    with pytest.raises(DomainError) as exc:
        tool_add(
            actor=manager,
            key_activity_id=ka.pk,
            version=fresh(ka).version,
            kind="budget",
            name_en="x",
        )
    assert exc.value.field == "amount"
    with pytest.raises(DomainError) as exc:
        tool_add(
            actor=manager,
            key_activity_id=ka.pk,
            version=fresh(ka).version,
            kind="link",
            name_en="x",
            url="ftp://x",
        )
    assert exc.value.field == "url"
    completion = training_complete(
        actor=manager,
        key_activity_id=ka.pk,
        version=fresh(ka).version,
        item_id=item.pk,
        owner_id=kworld.users["rep"].pk,
        completed_on=dt.date(2026, 1, 5),
    )
    assert (completion.confirmed_by, completion.completed_on) == (manager, dt.date(2026, 1, 5))
    with pytest.raises(DomainError):
        training_complete(
            actor=manager,
            key_activity_id=ka.pk,
            version=fresh(ka).version,
            item_id=item.pk,
            owner_id=kworld.users["rep2"].pk,
            completed_on=dt.date(2026, 1, 5),
        )
    actions = [c.action for c in key_activity_history(key_activity=ka)]
    assert actions == [
        "created",
        "guide",
        "owners",
        "guide",
        "guide",
        "training",
        "tools",
        "training",
    ]
    versions = [c.version for c in key_activity_history(key_activity=ka)]
    assert versions == list(range(1, 9))
    assert fresh(ka).version == 8


def test_the_article_template_in_both_languages(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = key_activity_create_from_template(actor=manager, valid_from=VALID_FROM)
    ka = key_activity_get(user=manager, key_activity_id=ka.pk)
    assert ka.template_code == "reference_visit"
    assert (ka.name_en, ka.name_zh) == (
        "Invite customers to visit a reference customer",
        "邀请客户参观样板用户",
    )
    stages = list(ka.stages.all())
    assert [(s.quantity, s.activity_type.code) for s in stages] == [
        (10, "reference_invite"),
        (5, "reference_visit"),
    ]
    assert ka.quantity == 10 and ka.period == "month"
    guide = list(ka.guide_steps.all())
    assert [g.text_zh for g in guide] == [
        "向客户发出邀请。",
        "客户答应后，确定时间、人员和客户关注点。",  # noqa: RUF001
        "确定参观内容、接待内容。",
        "参观后向客户确认对参观的感受，及时弥补不足。",  # noqa: RUF001
    ]
    assert guide[0].text_en == "Send the invitation to the customer."
    assert ka.quality_kind == "checklist"
    assert [g.in_checklist for g in guide] == [False, True, False, True]
    training = list(ka.training_items.all())
    assert [(t.title_en, t.title_zh) for t in training] == [
        ("How to design an invitation", "如何设计邀请")
    ]
    tools = list(ka.tools.all())
    assert [t.kind for t in tools] == ["support", "budget", "template"]
    assert tools[1].amount == Decimal("300.00") and tools[1].currency == "CNY"
    assert "样板客户" in tools[0].name_zh and tools[2].name_zh == "参观报告模板"
    with translation.override("zh-hans"):
        assert ka.name == "邀请客户参观样板用户"
        assert stages[1].name == "成功参观"
        assert training[0].title == "如何设计邀请"
    with translation.override("en"):
        assert stages[0].name == "Invitations sent"
        assert tools[2].name == "Visit report template"
    assert ka.status == "draft" and not ka.owners.exists()
    assert [c.action for c in key_activity_history(key_activity=ka)] == ["created", "template"]


def test_the_template_falls_back_when_the_invitation_types_are_missing(kworld: World) -> None:
    kworld.org.activity_types.filter(code__in=["reference_invite", "communication"]).update(
        is_active=False
    )
    ka = key_activity_create_from_template(actor=kworld.users["admin"], valid_from=VALID_FROM)
    assert ka.stages.first().activity_type.code == "appointment"  # type: ignore[union-attr]
    assert sorted(ka.activity_types.values_list("code", flat=True)) == [
        "appointment",
        "reference_visit",
    ]
    with pytest.raises(DomainError):
        key_activity_create_from_template(
            actor=kworld.users["admin"], valid_from=VALID_FROM, template_code="nope"
        )


def test_the_template_walks_to_publication(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = key_activity_create_from_template(actor=manager, valid_from=VALID_FROM)
    ka = owners_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep"].pk, True), OwnerSpec(kworld.users["rep2"].pk)],
    )
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    assert ka.status == "published"
    assert Owner.objects.get(key_activity=ka, is_lead=True).user == kworld.users["rep"]


def test_a_lead_who_is_not_an_owner_is_refused_not_added(kworld: World) -> None:
    ka = ready(kworld, owners=("rep",))
    before = snapshot(ka)
    with pytest.raises(DomainError) as exc:
        owners_set(
            actor=kworld.users["manager"],
            key_activity_id=ka.pk,
            version=ka.version,
            owners=[OwnerSpec(kworld.users["rep"].pk)],
            lead_id=kworld.users["rep2"].pk,
        )
    assert exc.value.field == "lead_id"
    assert exc.value.message.startswith("The lead is chosen among the owners")
    assert snapshot(ka) == before
    assert not Owner.objects.filter(key_activity=ka, user=kworld.users["rep2"]).exists()


def test_the_lead_named_apart_from_the_owners_leads(kworld: World) -> None:
    ka = ready(kworld, owners=("rep",))
    ka = owners_set(
        actor=kworld.users["manager"],
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep"].pk), OwnerSpec(kworld.users["rep2"].pk)],
        lead_id=kworld.users["rep2"].pk,
    )
    leads = list(ka.owners.filter(is_lead=True).values_list("user__username", flat=True))
    assert leads == ["rep2"]


def test_a_named_lead_and_a_declared_staffing_gap_contradict(kworld: World) -> None:
    ka = ready(kworld, owners=("rep",))
    before = snapshot(ka)
    with pytest.raises(DomainError) as exc:
        owners_set(
            actor=kworld.users["manager"],
            key_activity_id=ka.pk,
            version=ka.version,
            owners=[OwnerSpec(kworld.users["rep"].pk), OwnerSpec(kworld.users["rep2"].pk)],
            lead_id=kworld.users["rep2"].pk,
            staffing_gap=True,
        )
    assert exc.value.field == "staffing_gap"
    assert snapshot(ka) == before
