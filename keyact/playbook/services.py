"""Writes of the playbook: thresholds, the installed playbook, visit plans and assessments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.activities.models import ActivityType, Outcome
from keyact.activities.selectors import activity_type_get
from keyact.activities.services import activity_create
from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.customers.models import Contact
from keyact.customers.selectors import customer_get
from keyact.deals.models import Opportunity
from keyact.deals.selectors import opportunity_get
from keyact.orgs.models import Organization
from keyact.orgs.selectors import scope_for
from keyact.playbook.catalog import PROCESSES
from keyact.playbook.models import (
    Assessment,
    BuyingInfluence,
    BuyingRole,
    CommitmentLevel,
    DiagnosisSettings,
    ManualRedFlag,
    Process,
    ResponseMode,
    Step,
    StepActivity,
    VisitPlan,
)
from keyact.playbook.selectors import (
    process_get,
    step_activity_get,
    step_get,
    thresholds_get,
    visit_plan_get,
)
from keyact.users.models import User


def _require_admin(actor: User) -> int:
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(_("Only administrators can change the playbook and its settings."))
    return scope.organization_id


def _decimal(value: Decimal | int | str | float, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("Enter a number."), field=field) from exc
    if not number.is_finite():
        raise DomainError(_("Enter a number."), field=field)
    return number


@transaction.atomic
def diagnosis_settings_update(
    *,
    actor: User,
    large_order_amount: Decimal | int | str,
    large_customer_employees: int,
    large_customer_revenue: Decimal | int | str,
    dominant_share: Decimal | str | float | None = None,
) -> DiagnosisSettings:
    """Set the organisation's diagnosis thresholds (admins only).

    Refused, with nothing changed: a threshold that is zero or negative, a dominant share outside
    (0, 1], and inverted thresholds — a large customer's annual revenue below one large order.
    """
    organization_id = _require_admin(actor)
    amount = _decimal(large_order_amount, "large_order_amount")
    revenue = _decimal(large_customer_revenue, "large_customer_revenue")
    if amount <= 0:
        raise DomainError(
            _("The large-order amount must be greater than zero."), field="large_order_amount"
        )
    if amount >= Decimal("1e14"):
        raise DomainError(_("The large-order amount is too large."), field="large_order_amount")
    if large_customer_employees <= 0:
        raise DomainError(
            _("The number of employees must be greater than zero."),
            field="large_customer_employees",
        )
    if revenue <= 0:
        raise DomainError(
            _("The annual revenue must be greater than zero."), field="large_customer_revenue"
        )
    if revenue >= Decimal("1e16"):
        raise DomainError(_("The annual revenue is too large."), field="large_customer_revenue")
    if revenue < amount:
        raise DomainError(
            _(
                "The thresholds are inverted: a large customer's annual revenue cannot be below "
                "the amount of one large order."
            ),
            field="large_customer_revenue",
        )
    current, _currency, _set = thresholds_get(organization_id=organization_id)
    share = (
        current.dominant_share
        if dominant_share is None
        else _decimal(dominant_share, "dominant_share")
    )
    if not Decimal(0) < share <= Decimal(1):
        raise DomainError(
            _("The dominant share must lie between 0 and 1 (e.g. 0.3 for 30%)."),
            field="dominant_share",
        )
    row, _created = DiagnosisSettings.objects.update_or_create(
        organization_id=organization_id,
        defaults={
            "large_order_amount": amount.quantize(Decimal("0.01")),
            "large_customer_employees": large_customer_employees,
            "large_customer_revenue": revenue.quantize(Decimal("0.01")),
            "dominant_share": share.quantize(Decimal("0.001")),
        },
    )
    return row


@transaction.atomic
def playbook_install(*, organization: Organization) -> int:
    """Install the five standard processes into an organisation; return how many rows were added.

    Idempotent: processes and steps are matched by code, so a second call adds nothing and never
    overwrites what an admin renamed or reordered. Step activities are added with their step and
    mapped to the organisation's activity type of the catalog's code when it exists.
    """
    types = {t.code: t for t in ActivityType.objects.filter(organization=organization)}
    processes = {p.code: p for p in Process.objects.filter(organization=organization)}
    added = 0
    for p_index, entry in enumerate(PROCESSES, start=1):
        process = processes.get(entry.code)
        if process is None:
            process = Process.objects.create(
                organization=organization,
                code=entry.code,
                name_en=entry.name_en,
                name_zh=entry.name_zh,
                description_en=entry.description_en,
                description_zh=entry.description_zh,
                methodology_en=entry.methodology_en,
                methodology_zh=entry.methodology_zh,
                focus_en=entry.focus_en,
                focus_zh=entry.focus_zh,
                order=p_index * 10,
            )
            added += 1
        existing_steps = set(process.steps.values_list("code", flat=True))
        for s_index, step_entry in enumerate(entry.steps, start=1):
            if step_entry.code in existing_steps:
                continue
            step = Step.objects.create(
                process=process,
                code=step_entry.code,
                name_en=step_entry.name_en,
                name_zh=step_entry.name_zh,
                description_en=step_entry.purpose_en,
                description_zh=step_entry.purpose_zh,
                order=s_index * 10,
                is_critical=step_entry.critical,
                is_standard=True,
            )
            added += 1
            StepActivity.objects.bulk_create(
                StepActivity(
                    step=step,
                    name_en=a.name_en,
                    name_zh=a.name_zh,
                    order=a_index * 10,
                    is_standard=True,
                    activity_type=types.get(a.type_code) if a.type_code else None,
                )
                for a_index, a in enumerate(step_entry.activities, start=1)
            )
            added += len(step_entry.activities)
    return added


def _names(name_en: str, name_zh: str) -> tuple[str, str]:
    name_en, name_zh = name_en.strip(), name_zh.strip()
    if not name_en:
        raise DomainError(_("The English name cannot be empty."), field="name_en")
    if not name_zh:
        raise DomainError(_("The Chinese name cannot be empty."), field="name_zh")
    return name_en, name_zh


@transaction.atomic
def process_update(
    *,
    actor: User,
    process_id: int,
    name_en: str | None = None,
    name_zh: str | None = None,
    description_en: str | None = None,
    description_zh: str | None = None,
    in_use: bool | None = None,
) -> Process:
    """Rename or describe a process, or mark whether the organisation uses it (admins only)."""
    _require_admin(actor)
    process = process_get(user=actor, process_id=process_id)
    if name_en is not None or name_zh is not None:
        process.name_en, process.name_zh = _names(
            process.name_en if name_en is None else name_en,
            process.name_zh if name_zh is None else name_zh,
        )
    if description_en is not None:
        process.description_en = description_en.strip()
    if description_zh is not None:
        process.description_zh = description_zh.strip()
    if in_use is not None:
        process.in_use = in_use
    process.save()
    return process


@transaction.atomic
def processes_set_in_use(*, actor: User, process_ids: Sequence[int]) -> list[Process]:
    """Mark exactly the given processes as used by the organisation (admins only)."""
    organization_id = _require_admin(actor)
    processes = list(Process.objects.filter(organization_id=organization_id))
    known = {p.pk for p in processes}
    unknown = set(process_ids) - known
    if unknown:
        raise NotFound(_("No such process."), field="process_ids")
    for process in processes:
        process.in_use = process.pk in set(process_ids)
    Process.objects.bulk_update(processes, ["in_use"])
    return processes


@transaction.atomic
def step_create(
    *,
    actor: User,
    process_id: int,
    name_en: str,
    name_zh: str,
    description_en: str = "",
    description_zh: str = "",
    is_critical: bool = False,
) -> Step:
    """Add an industry-specific step at the end of a process (admins only)."""
    _require_admin(actor)
    process = process_get(user=actor, process_id=process_id)
    name_en, name_zh = _names(name_en, name_zh)
    last = process.steps.aggregate(m=Max("order"))["m"] or 0
    count = process.steps.count()
    return Step.objects.create(
        process=process,
        code=f"custom-{count + 1}-{timezone.now():%H%M%S%f}"[:50],
        name_en=name_en,
        name_zh=name_zh,
        description_en=description_en.strip(),
        description_zh=description_zh.strip(),
        order=last + 10,
        is_critical=is_critical,
        is_standard=False,
    )


@transaction.atomic
def step_update(
    *,
    actor: User,
    step_id: int,
    name_en: str | None = None,
    name_zh: str | None = None,
    description_en: str | None = None,
    description_zh: str | None = None,
    is_critical: bool | None = None,
    process_id: int | None = None,
) -> Step:
    """Rename, describe or mark a step critical (admins only).

    A step belongs to its process for good: passing another ``process_id`` is refused, because
    the activities, plans and later key activities attached to the step mean something only in
    that process.
    """
    _require_admin(actor)
    step = step_get(user=actor, step_id=step_id)
    if process_id is not None and process_id != step.process_id:
        raise DomainError(
            _("A step cannot move to another process. Add a new step to that process instead."),
            field="process_id",
        )
    if name_en is not None or name_zh is not None:
        step.name_en, step.name_zh = _names(
            step.name_en if name_en is None else name_en,
            step.name_zh if name_zh is None else name_zh,
        )
    if description_en is not None:
        step.description_en = description_en.strip()
    if description_zh is not None:
        step.description_zh = description_zh.strip()
    if is_critical is not None:
        step.is_critical = is_critical
    step.save()
    return step


@transaction.atomic
def steps_reorder(*, actor: User, process_id: int, step_ids: Sequence[int]) -> list[Step]:
    """Put a process's steps in the given order. The list must hold exactly its steps; a step
    of another process is refused (steps never move between processes)."""
    _require_admin(actor)
    process = process_get(user=actor, process_id=process_id)
    steps = {s.pk: s for s in Step.objects.filter(process=process)}
    if len(set(step_ids)) != len(step_ids):
        raise DomainError(_("A step appears twice in the new order."), field="step_ids")
    foreign = [i for i in step_ids if i not in steps]
    if foreign:
        raise DomainError(
            _("A step cannot move to another process. Reorder only this process's steps."),
            field="step_ids",
        )
    if set(step_ids) != set(steps):
        raise DomainError(_("The new order must list every step of the process."), field="step_ids")
    ordered = []
    for index, step_id in enumerate(step_ids, start=1):
        step = steps[step_id]
        step.order = index * 10
        ordered.append(step)
    Step.objects.bulk_update(ordered, ["order"])
    return ordered


@transaction.atomic
def step_move(*, actor: User, step_id: int, direction: str) -> list[Step]:
    """Move a step one place up or down inside its process (admins only)."""
    if direction not in ("up", "down"):
        raise DomainError(_("Move a step up or down."), field="direction")
    step = step_get(user=actor, step_id=step_id)
    ids = list(
        Step.objects.filter(process_id=step.process_id)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    )
    index = ids.index(step.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    return steps_reorder(actor=actor, process_id=step.process_id, step_ids=ids)


def _activity_type_of_org(actor: User, activity_type_id: int | None) -> ActivityType | None:
    if activity_type_id is None:
        return None
    return activity_type_get(user=actor, type_id=activity_type_id)


@transaction.atomic
def step_activity_create(
    *,
    actor: User,
    step_id: int,
    name_en: str,
    name_zh: str,
    activity_type_id: int | None = None,
    description_en: str = "",
    description_zh: str = "",
) -> StepActivity:
    """Add an industry activity to a step, optionally mapped to an activity type (admins only)."""
    _require_admin(actor)
    step = step_get(user=actor, step_id=step_id)
    name_en, name_zh = _names(name_en, name_zh)
    last = step.activities.aggregate(m=Max("order"))["m"] or 0
    return StepActivity.objects.create(
        step=step,
        name_en=name_en,
        name_zh=name_zh,
        description_en=description_en.strip(),
        description_zh=description_zh.strip(),
        order=last + 10,
        is_standard=False,
        activity_type=_activity_type_of_org(actor, activity_type_id),
    )


@transaction.atomic
def step_activity_update(
    *,
    actor: User,
    step_activity_id: int,
    name_en: str | None = None,
    name_zh: str | None = None,
    activity_type_id: int | None = None,
    clear_activity_type: bool = False,
) -> StepActivity:
    """Rename a step activity or (re)map it to one of the organisation's activity types."""
    _require_admin(actor)
    item = step_activity_get(user=actor, step_activity_id=step_activity_id)
    if name_en is not None or name_zh is not None:
        item.name_en, item.name_zh = _names(
            item.name_en if name_en is None else name_en,
            item.name_zh if name_zh is None else name_zh,
        )
    if clear_activity_type:
        item.activity_type = None
    elif activity_type_id is not None:
        item.activity_type = _activity_type_of_org(actor, activity_type_id)
    item.save()
    return item


# --- visit plans -------------------------------------------------------------------------------


def _can_act_for(actor: User, owner_id: int) -> None:
    scope = scope_for(actor)
    if owner_id != actor.pk and (scope.role == "supporter" or not scope.covers_owner(owner_id)):
        raise PermissionDenied(_("You can only plan visits for yourself or your team."))


@transaction.atomic
def visit_plan_create(
    *,
    actor: User,
    customer_id: int,
    planned_for: dt.datetime,
    best_action: str,
    minimum_action: str,
    opportunity_id: int | None = None,
    purpose: str = "",
    owner_id: int | None = None,
) -> VisitPlan:
    """Plan a customer visit with its commitment objective (best action and minimum action)."""
    scope = scope_for(actor)
    owner = actor.pk if owner_id is None else owner_id
    _can_act_for(actor, owner)
    if not User.objects.filter(
        pk=owner, membership__organization_id=scope.organization_id
    ).exists():
        raise DomainError(_("No such user."), field="owner_id")
    customer = customer_get(user=actor, customer_id=customer_id)
    if opportunity_id is not None:
        opportunity = opportunity_get(user=actor, opportunity_id=opportunity_id)
        if opportunity.customer_id != customer.pk:
            raise DomainError(
                _("The opportunity belongs to another customer."), field="opportunity_id"
            )
    if not best_action.strip():
        raise DomainError(_("Say what the best action commitment would be."), field="best_action")
    if not minimum_action.strip():
        raise DomainError(_("Say what the minimum acceptable action is."), field="minimum_action")
    return VisitPlan.objects.create(
        organization_id=scope.organization_id,
        owner_id=owner,
        customer=customer,
        opportunity_id=opportunity_id,
        planned_for=planned_for,
        purpose=purpose.strip(),
        best_action=best_action.strip(),
        minimum_action=minimum_action.strip(),
    )


_OUTCOME_FOR_LEVEL = {
    CommitmentLevel.BEST: Outcome.COMMITMENT,
    CommitmentLevel.ACCEPTABLE: Outcome.COMMITMENT,
    CommitmentLevel.BELOW: Outcome.CONTINUATION,
    CommitmentLevel.NONE: Outcome.NO_SALE,
}


@transaction.atomic
def visit_plan_record(
    *,
    actor: User,
    plan_id: int,
    commitment_level: str,
    information_obtained: str = "",
    information_given: str = "",
    commitment_text: str = "",
    next_step: str = "",
    occurred_at: dt.datetime | None = None,
) -> VisitPlan:
    """Record the result of a planned visit and log the done visit activity.

    The visit is successful when ``commitment_level`` reaches at least the minimum acceptable
    action (best or acceptable). The done activity is of the organisation's ``visit`` type
    (when it has an active one) with the SPIN-style outcome: commitment for a successful visit,
    continuation for a smaller commitment, no sale for none.
    """
    plan = visit_plan_get(user=actor, plan_id=plan_id)
    _can_act_for(actor, plan.owner_id)
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != VisitPlan.Status.PLANNED:
        raise DomainError(_("This visit's result has already been recorded."), field="status")
    if commitment_level not in CommitmentLevel.values:
        raise DomainError(_("Choose which commitment level was reached."), field="commitment_level")
    if commitment_level != CommitmentLevel.NONE and not commitment_text.strip():
        raise DomainError(_("Say what the customer committed to."), field="commitment_text")
    when = occurred_at or timezone.now()
    visit_type = ActivityType.objects.filter(
        organization_id=plan.organization_id, code="visit", is_active=True
    ).first()
    if visit_type is not None:
        notes = "\n".join(
            line
            for line in (
                information_obtained.strip()
                and f"{_('Information obtained')}: {information_obtained.strip()}",
                information_given.strip()
                and f"{_('Information given')}: {information_given.strip()}",
                next_step.strip() and f"{_('Next step')}: {next_step.strip()}",
            )
            if line
        )
        outcome = _OUTCOME_FOR_LEVEL[CommitmentLevel(commitment_level)]
        plan.activity = activity_create(
            actor=actor,
            type_id=visit_type.pk,
            occurred_at=when,
            owner_id=plan.owner_id,
            customer_id=plan.customer_id,
            opportunity_id=plan.opportunity_id,
            subject=(plan.purpose or _("Customer visit"))[:200],
            outcome=outcome,
            commitment_text=commitment_text.strip() if outcome == Outcome.COMMITMENT else "",
            notes=notes,
        )
    plan.status = VisitPlan.Status.DONE
    plan.commitment_level = commitment_level
    plan.commitment_text = commitment_text.strip()
    plan.information_obtained = information_obtained.strip()
    plan.information_given = information_given.strip()
    plan.next_step = next_step.strip()
    plan.recorded_at = timezone.now()
    plan.save()
    return plan


@transaction.atomic
def visit_plan_cancel(*, actor: User, plan_id: int) -> VisitPlan:
    """Cancel a planned visit (a done one is a fact and stays)."""
    plan = visit_plan_get(user=actor, plan_id=plan_id)
    _can_act_for(actor, plan.owner_id)
    if plan.status != VisitPlan.Status.PLANNED:
        raise DomainError(_("Only a planned visit can be cancelled."), field="status")
    plan.status = VisitPlan.Status.CANCELLED
    plan.save(update_fields=["status", "updated_at"])
    return plan


# --- opportunity assessment --------------------------------------------------------------------


def _editable_opportunity(actor: User, opportunity_id: int) -> Opportunity:
    opportunity = opportunity_get(user=actor, opportunity_id=opportunity_id)
    scope = scope_for(actor)
    if scope.role == "supporter" or not scope.covers_owner(opportunity.owner_id):
        raise PermissionDenied(_("You can only assess opportunities of your own team."))
    return opportunity


def _assessment_for(opportunity: Opportunity) -> Assessment:
    assessment, _created = Assessment.objects.get_or_create(
        opportunity=opportunity, defaults={"organization_id": opportunity.organization_id}
    )
    return assessment


@transaction.atomic
def influence_add(
    *,
    actor: User,
    opportunity_id: int,
    contact_id: int,
    role: str,
    response_mode: str,
    rating: int = 0,
    is_covered: bool = False,
    notes: str = "",
) -> BuyingInfluence:
    """Map a contact of the opportunity's customer as a buying influence."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    if role not in BuyingRole.values:
        raise DomainError(_("Choose the buying role."), field="role")
    if response_mode not in ResponseMode.values:
        raise DomainError(_("Choose the response mode."), field="response_mode")
    if not -5 <= rating <= 5:
        raise DomainError(_("The rating lies between -5 and +5."), field="rating")
    contact = (
        None
        if opportunity.customer_id is None
        else Contact.objects.filter(
            pk=contact_id,
            organization_id=opportunity.organization_id,
            customer_id=opportunity.customer_id,
        ).first()
    )
    if contact is None:
        raise DomainError(
            _("The contact must work at the opportunity's customer."), field="contact_id"
        )
    assessment = _assessment_for(opportunity)
    if assessment.influences.filter(contact=contact, role=role).exists():
        raise DomainError(_("This contact is already mapped in this role."), field="contact_id")
    return BuyingInfluence.objects.create(
        assessment=assessment,
        contact=contact,
        role=role,
        response_mode=response_mode,
        rating=rating,
        is_covered=is_covered,
        notes=notes.strip()[:500],
    )


@transaction.atomic
def influence_remove(*, actor: User, opportunity_id: int, influence_id: int) -> None:
    """Remove a buying influence from an opportunity's map."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    deleted, _detail = BuyingInfluence.objects.filter(
        pk=influence_id, assessment__opportunity=opportunity
    ).delete()
    if not deleted:
        raise NotFound(_("No such buying influence."), field="influence_id")


@transaction.atomic
def red_flag_add(*, actor: User, opportunity_id: int, text: str) -> ManualRedFlag:
    """Add a red flag by hand to an opportunity's assessment."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    if not text.strip():
        raise DomainError(_("Describe the red flag."), field="text")
    return ManualRedFlag.objects.create(
        assessment=_assessment_for(opportunity), text=text.strip()[:300], created_by=actor
    )


@transaction.atomic
def red_flag_remove(*, actor: User, opportunity_id: int, red_flag_id: int) -> None:
    """Remove a red flag added by hand."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    deleted, _detail = ManualRedFlag.objects.filter(
        pk=red_flag_id, assessment__opportunity=opportunity
    ).delete()
    if not deleted:
        raise NotFound(_("No such red flag."), field="red_flag_id")


@transaction.atomic
def assessment_decide(
    *, actor: User, opportunity_id: int, decision: str, reasons: str, strengths: str = ""
) -> Assessment:
    """Record the strengths and the go / no-go decision with its reasons."""
    opportunity = _editable_opportunity(actor, opportunity_id)
    if decision not in Assessment.Decision.values:
        raise DomainError(_("Choose go, no go or not decided yet."), field="decision")
    if decision != Assessment.Decision.UNDECIDED and not reasons.strip():
        raise DomainError(_("Give the reasons for the decision."), field="reasons")
    assessment = _assessment_for(opportunity)
    assessment.decision = decision
    assessment.reasons = reasons.strip()
    assessment.strengths = strengths.strip()
    assessment.decided_by = actor
    assessment.decided_at = timezone.now()
    assessment.save()
    return assessment
