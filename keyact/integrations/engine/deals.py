"""Opportunities: stages (mapped or matched by name), won / lost, amounts, stage history."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.bulk import write_rows
from keyact.deals import rules as deal_rules
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.integrations.engine.context import ImportContext, RowError
from keyact.integrations.engine.loading import KindLoader, Prepared
from keyact.integrations.parsing import name_key
from keyact.integrations.records import OpportunityRecord


class StageMap:
    """Source stage labels → the organisation's stages (mapping first, then names)."""

    def __init__(self, ctx: ImportContext, mapping: dict[str, str]) -> None:
        self.ctx = ctx
        self.stages = list(Stage.objects.filter(organization=ctx.organization).order_by("order"))
        if not self.stages:
            raise RowError("stage", _("The organisation has no pipeline stages."))
        by_name: dict[str, Stage] = {}
        for stage in self.stages:
            by_name.setdefault(name_key(stage.name_en), stage)
            by_name.setdefault(name_key(stage.name_zh), stage)
        self.by_name = by_name
        self.mapping = {name_key(k): name_key(v) for k, v in mapping.items()}
        self.won = next((s for s in self.stages if s.is_won), None)
        self.lost = next((s for s in self.stages if s.is_lost), None)
        self.warned: set[str] = set()

    def resolve(self, record: OpportunityRecord, column: str) -> Stage:
        """The stage of a deal; the source's won / closed flags decide closing stages."""
        if record.won and self.won is not None:
            return self.won
        if record.closed and record.won is False and self.lost is not None:
            return self.lost
        label = name_key(record.stage)
        target = self.mapping.get(label, label)
        stage = self.by_name.get(target)
        if stage is not None:
            if record.closed is False and (stage.is_won or stage.is_lost):
                raise RowError(column, _("An open deal cannot be in a closing stage."))
            return stage
        first = self.stages[0]
        if label not in self.warned:
            self.warned.add(label)
            self.ctx.report.warning(
                record.origin.file,
                record.origin.line,
                record.key,
                column,
                _(
                    "Stage %(stage)s is not mapped: its deals are put in %(first)s; "
                    "map it to change."
                )
                % {"stage": record.stage or "—", "first": first.name},
            )
        return first


def _status(stage: Stage) -> str:
    if stage.is_won:
        return Opportunity.Status.WON
    if stage.is_lost:
        return Opportunity.Status.LOST
    return Opportunity.Status.OPEN


class OpportunityLoader(KindLoader[OpportunityRecord]):
    """Deals with their stage, status and dates."""

    kind = "opportunities"
    model = Opportunity

    def __init__(self, ctx: ImportContext, stage_mapping: dict[str, str]) -> None:
        super().__init__(ctx)
        self.stage_map = StageMap(ctx, stage_mapping)

    def prepare(self, record: OpportunityRecord) -> Prepared[OpportunityRecord]:
        ctx = self.ctx
        customer_id = ctx.resolve(
            "customers", record.customer, self.column("customer_id"), required=False
        )
        owner_id = ctx.resolve("users", record.owner, self.column("owner_id"), required=True)
        stage = self.stage_map.resolve(record, self.column("stage_id"))
        status = _status(stage)
        currency = (record.currency or ctx.organization.default_currency).upper()
        values: dict[str, Any] = {
            "name": record.name,
            "customer_id": customer_id,
            "owner_id": owner_id,
            "amount": record.amount,
            "currency": currency,
            "stage_id": stage.pk,
            "status": status,
            "expected_close_date": record.close_date,
            "closed_date": record.close_date if status != Opportunity.Status.OPEN else None,
            "source": record.lead_source,
        }
        deal_rules.opportunity_values_check(values)
        snapshot = {
            "name": record.name,
            "customer_id": record.customer.key if record.customer else None,
            "owner_id": record.owner.key if record.owner else None,
            "amount": None if record.amount is None else str(record.amount),
            "currency": currency,
            "stage_id": record.stage,
            "status": status,
            "expected_close_date": _iso(record.close_date),
            "closed_date": _iso(values["closed_date"]),
            "source": record.lead_source,
        }
        return Prepared(record, values, snapshot)

    def register(self, item: Prepared[OpportunityRecord]) -> None:
        lookup = self.ctx.lookups["opportunities"]
        if item.record.key:
            lookup.by_key[item.record.key] = item.pk
        lookup.add_name(item.record.name, item.pk)
        self.ctx.customer_of[("opportunities", item.pk)] = item.values["customer_id"]

    def create(self, items: list[Prepared[OpportunityRecord]]) -> None:
        now = timezone.now()
        org_id = self.ctx.organization.pk
        actor_id = self.ctx.options.actor.pk if self.ctx.options.actor else None
        fields = (
            "name",
            "customer_id",
            "owner_id",
            "amount",
            "currency",
            "stage_id",
            "status",
            "expected_close_date",
            "closed_date",
            "source",
        )
        write_rows(
            Opportunity,
            [
                "id",
                "organization_id",
                *fields,
                "external_source",
                "external_id",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i.pk,
                    org_id,
                    *(i.values[f] for f in fields),
                    self.ctx.source,
                    i.record.key,
                    i.record.created_at or now,
                    now,
                )
                for i in items
            ),
        )
        write_rows(
            StageChange,
            ["opportunity_id", "from_stage_id", "to_stage_id", "changed_at", "changed_by_id"],
            (
                (i.pk, None, i.values["stage_id"], i.record.created_at or now, actor_id)
                for i in items
            ),
        )

    def update(self, items: list[tuple[Prepared[OpportunityRecord], set[str]]]) -> None:
        actor = self.ctx.options.actor
        now = timezone.now()
        for item, fields in items:
            changes = {f: item.values[f] for f in fields}
            if "stage_id" in changes or "status" in changes:
                changes["stage_id"] = item.values["stage_id"]
                changes["status"] = item.values["status"]
                changes["closed_date"] = item.values["closed_date"]
                current = Opportunity.objects.filter(pk=item.pk).values_list("stage_id", flat=True)
                before = current.first()
                if before != changes["stage_id"]:
                    StageChange.objects.create(
                        opportunity_id=item.pk,
                        from_stage_id=before,
                        to_stage_id=changes["stage_id"],
                        changed_at=now,
                        changed_by=actor,
                    )
            Opportunity.objects.filter(pk=item.pk).update(
                **changes, updated_at=now, version=F("version") + 1
            )


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()
