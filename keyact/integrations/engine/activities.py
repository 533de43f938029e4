"""Activities: types (mapped, matched by name, or created with a guessed counterpart), owners,
links to accounts, deals and contacts, status and times; updates are audited."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from keyact.activities import rules
from keyact.activities.models import Activity, ActivityChange, ActivityType, Counterpart
from keyact.core.bulk import write_rows
from keyact.integrations.engine.context import ImportContext, RowError
from keyact.integrations.engine.loading import KindLoader, Prepared
from keyact.integrations.parsing import name_key
from keyact.integrations.records import ActivityRecord

# Words that tell whom a new activity type is done with (English and Chinese).
_COUNTERPART_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        Counterpart.MANAGER,
        re.compile(r"team meeting|1:1|one-on-one|coaching|review|例会|辅导|检查|汇报"),
    ),
    (
        Counterpart.SUPPORTER,
        re.compile(r"presales|pre-sales|legal|delivery|internal|售前|法务|交付|内部"),
    ),
    (Counterpart.SELF, re.compile(r"self|summary|总结|复盘|学习|培训|research")),
)


def guess_counterpart(label: str, total: int, with_customer: int) -> str:
    """Whom a type found in an export is done with: its name first, else whether most of its
    rows name a customer (then customer, otherwise self)."""
    text = label.casefold()
    for counterpart, pattern in _COUNTERPART_WORDS:
        if pattern.search(text):
            return str(counterpart)
    if total == 0 or with_customer * 2 >= total:
        return str(Counterpart.CUSTOMER)
    return str(Counterpart.SELF)


class TypeMap:
    """Source type labels → the organisation's activity types, creating the missing ones."""

    def __init__(
        self,
        ctx: ImportContext,
        mapping: dict[str, str],
        stats: dict[str, tuple[int, int]],
    ) -> None:
        self.ctx = ctx
        self.mapping = {name_key(k): v for k, v in mapping.items()}
        self.stats = {name_key(k): v for k, v in stats.items()}
        types = list(ActivityType.objects.filter(organization=ctx.organization))
        self.by_code = {t.code: t for t in types}
        self.by_name: dict[str, ActivityType] = {}
        for t in types:
            self.by_name.setdefault(name_key(t.name_en), t)
            self.by_name.setdefault(name_key(t.name_zh), t)
        self.created: Counter[str] = Counter()

    def resolve(self, label: str, column: str) -> ActivityType:
        """The type for a label; a label nothing maps is created as an industry type."""
        key = name_key(label)
        target = self.mapping.get(key, "")
        if target and not target.startswith("new"):
            found = self.by_code.get(target)
            if found is None:
                raise RowError(column, _("The mapping names an unknown activity type: %s") % target)
            return found
        if not target and key in self.by_name:
            return self.by_name[key]
        if not key:
            raise RowError(column, _("Required: the row has no activity type."))
        return self._create(label, target)

    def _create(self, label: str, target: str) -> ActivityType:
        key = name_key(label)
        if key in self.by_name:
            return self.by_name[key]
        counterpart = target.partition(":")[2]
        if counterpart not in Counterpart.values:
            counterpart = guess_counterpart(label, *self.stats.get(key, (0, 0)))
        base = (slugify(label, allow_unicode=False) or "imported")[:40]
        code = base
        n = 2
        while code in self.by_code:
            code = f"{base}-{n}"
            n += 1
        activity_type = ActivityType(
            organization=self.ctx.organization,
            code=code,
            name_en=label.strip()[:100],
            name_zh=label.strip()[:100],
            counterpart=counterpart,
            category=ActivityType.Category.INDUSTRY,
            order=900,
        )
        if self.ctx.writing and not self.ctx.options.dry_run:
            activity_type.save()
        else:
            activity_type.pk = -(len(self.created) + 1)
        self.by_code[code] = activity_type
        self.by_name[key] = activity_type
        self.created[label] += 1
        self.ctx.report.warning(
            "",
            None,
            code,
            "type",
            _("New activity type %(name)s created (done with: %(counterpart)s); edit it if needed.")
            % {"name": label.strip(), "counterpart": Counterpart(counterpart).label},
        )
        return activity_type


_FIELDS = (
    "type_id",
    "owner_id",
    "status",
    "occurred_at",
    "ended_at",
    "duration_minutes",
    "customer_id",
    "opportunity_id",
    "subject",
    "notes",
    "outcome",
)


class ActivityLoader(KindLoader[ActivityRecord]):
    """Activity rows; the bulk of every import."""

    kind = "activities"
    model = Activity
    fingerprinted = True

    def __init__(self, ctx: ImportContext, types: TypeMap) -> None:
        super().__init__(ctx)
        self.types = types
        self.now = timezone.now()
        self.has_existing = Activity.objects.filter(
            organization=ctx.organization, external_source=ctx.source
        ).exists()

    def existing(self, keys: list[str]) -> dict[str, int]:
        if not self.has_existing:
            return {}
        return dict(
            Activity.objects.filter(
                organization=self.ctx.organization,
                external_source=self.ctx.source,
                external_id__in=keys,
            ).values_list("external_id", "pk")
        )

    def prepare(self, record: ActivityRecord) -> Prepared[ActivityRecord]:
        ctx = self.ctx
        activity_type = self.types.resolve(record.type, self.column("type_id"))
        owner_id = ctx.resolve("users", record.owner, self.column("owner_id"), required=True)
        opportunity_id = ctx.resolve(
            "opportunities", record.opportunity, self.column("opportunity_id"), required=False
        )
        customer_id = ctx.resolve(
            "customers", record.customer, self.column("customer_id"), required=False
        )
        contact_ids = [
            pk
            for ref in record.contacts
            if (pk := ctx.resolve("contacts", ref, self.column("contact_ids"), required=False))
        ]
        if opportunity_id is not None:
            deal_customer = ctx.customer_of.get(("opportunities", opportunity_id))
            if customer_id is None:
                customer_id = deal_customer
            elif deal_customer not in (None, customer_id):
                raise RowError(
                    self.column("opportunity_id"),
                    _("The opportunity belongs to another customer."),
                )
        for contact_id in contact_ids:
            contact_customer = ctx.customer_of.get(("contacts", contact_id))
            if customer_id is None:
                customer_id = contact_customer
            elif contact_customer != customer_id:
                raise RowError(
                    self.column("contact_ids"), _("Some contacts do not belong to the customer.")
                )
        if record.occurred_at is None:
            raise RowError(self.column("occurred_at"), _("Required: the row has no date."))
        values: dict[str, Any] = {
            "type_id": activity_type.pk,
            "owner_id": owner_id,
            "status": record.status,
            "occurred_at": record.occurred_at,
            "ended_at": record.ended_at,
            "duration_minutes": record.duration_minutes,
            "customer_id": customer_id,
            "opportunity_id": opportunity_id,
            "subject": record.subject,
            "notes": record.notes,
            "outcome": record.outcome,
            "contact_ids": contact_ids,
        }
        rules.activity_values_check(values, counterpart=activity_type.counterpart, now=self.now)
        snapshot = {
            "type_id": record.type,
            "owner_id": record.owner.key if record.owner else None,
            "status": record.status,
            "occurred_at": record.occurred_at.isoformat(),
            "ended_at": record.ended_at.isoformat() if record.ended_at else None,
            "duration_minutes": record.duration_minutes,
            "customer_id": record.customer.key if record.customer else None,
            "opportunity_id": record.opportunity.key if record.opportunity else None,
            "subject": record.subject,
            "notes": record.notes,
            "outcome": record.outcome,
            "contact_ids": [r.key for r in record.contacts],
        }
        return Prepared(record, values, snapshot)

    def current_state(self, pks: list[int]) -> dict[int, Any]:
        return dict(Activity.objects.filter(pk__in=pks).values_list("pk", "status"))

    def check_change(self, item: Prepared[ActivityRecord], fields: set[str], current: Any) -> None:
        rules.transition_check(current, item.values["status"])

    def create(self, items: list[Prepared[ActivityRecord]]) -> None:
        ctx = self.ctx
        now = self.now
        org_id = ctx.organization.pk
        actor_id = ctx.options.actor.pk if ctx.options.actor else None
        source = ctx.source
        done = Activity.Status.DONE
        write_rows(
            Activity,
            [
                "id",
                "organization_id",
                *_FIELDS,
                "completed_at",
                "external_source",
                "external_id",
                "created_by_id",
                "created_at",
                "updated_by_id",
                "updated_at",
            ],
            (
                (
                    i.pk,
                    org_id,
                    *[i.values[f] for f in _FIELDS],
                    i.values["occurred_at"] if i.values["status"] == done else None,
                    source,
                    i.record.key,
                    actor_id,
                    i.record.created_at or now,
                    actor_id,
                    now,
                )
                for i in items
            ),
        )
        links = [(i.pk, c) for i in items for c in dict.fromkeys(i.values["contact_ids"])]
        if links:
            write_rows(Activity.contacts.through, ["activity_id", "contact_id"], links)

    def update(self, items: list[tuple[Prepared[ActivityRecord], set[str]]]) -> None:
        actor = self.ctx.options.actor
        now = timezone.now()
        for item, fields in items:
            activity = Activity.objects.select_for_update().get(pk=item.pk)
            diff: dict[str, list[Any]] = {}
            for field in fields - {"contact_ids"}:
                before, after = getattr(activity, field), item.values[field]
                if before != after:
                    diff[field] = [_jsonable(before), _jsonable(after)]
                    setattr(activity, field, after)
            if "contact_ids" in fields:
                before_ids = sorted(activity.contacts.values_list("pk", flat=True))
                after_ids = sorted(set(item.values["contact_ids"]))
                if before_ids != after_ids:
                    diff["contact_ids"] = [before_ids, after_ids]
                    activity.contacts.set(after_ids)
            if not diff:
                continue
            action = ActivityChange.Action.UPDATED
            if "status" in diff and activity.status == Activity.Status.DONE:
                action = ActivityChange.Action.COMPLETED
                activity.completed_at = activity.occurred_at
            activity.updated_by = actor
            activity.updated_at = now
            activity.version += 1
            activity.save()
            ActivityChange.objects.create(
                activity=activity, action=action, changed_by=actor, changed_at=now, changes=diff
            )


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
