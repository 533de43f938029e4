"""A key activity's definition: create it and change its measure, period and types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.bilingual import bilingual_text
from keyact.core.errors import DomainError
from keyact.keyactivities.models import (
    Aggregate,
    Candidate,
    Change,
    KeyActivity,
    Period,
    Target,
    TrackingFrequency,
)
from keyact.keyactivities.selectors import (
    candidate_get,
)
from keyact.keyactivities.services._common import (
    _activity_types,
    _jsonable,
    _lock,
    _record,
    _require_designer,
    _text,
)
from keyact.users.models import User

SCALAR_FIELDS = (
    "name_en",
    "name_zh",
    "purpose_en",
    "purpose_zh",
    "aggregate",
    "period",
    "quantity",
    "tracking_frequency",
    "review_day",
    "valid_from",
    "valid_to",
)


def _check_definition(values: dict[str, Any]) -> None:
    values["name_en"], values["name_zh"] = bilingual_text(
        values["name_en"], values["name_zh"], field="name", max_length=200
    )
    for field, limit in (
        ("purpose_en", 5000),
        ("purpose_zh", 5000),
    ):
        _text(values[field], field, limit)
    if values["aggregate"] not in Aggregate.values:
        raise DomainError(_("Unknown aggregate."), field="aggregate")
    if values["period"] not in Period.values:
        raise DomainError(_("Unknown period."), field="period")
    if values["tracking_frequency"] not in TrackingFrequency.values:
        raise DomainError(_("Unknown tracking frequency."), field="tracking_frequency")
    quantity = values["quantity"]
    if quantity is not None and not 0 < quantity <= 100_000:
        raise DomainError(_("The quantity lies between 1 and 100,000."), field="quantity")
    day = values["review_day"]
    if values["tracking_frequency"] == TrackingFrequency.MONTHLY:
        if not 1 <= day <= 28:
            raise DomainError(
                _("A monthly review falls on a day from 1 to 28."), field="review_day"
            )
    elif not 0 <= day <= 6:
        raise DomainError(
            _("A weekly review falls on a weekday (0 = Monday … 6 = Sunday)."), field="review_day"
        )
    if values["valid_to"] is not None and values["valid_to"] < values["valid_from"]:
        raise DomainError(_("The end date cannot be before the start date."), field="valid_to")


def _check_unique_name(
    organization_id: int, name_en: str, name_zh: str, exclude_id: int | None = None
) -> None:
    """Refuse a name another live (not retired) key activity of the organisation carries, in
    either language (English without regard to case); the message names the one that exists."""
    live = KeyActivity.objects.filter(organization_id=organization_id).exclude(
        status=KeyActivity.Status.RETIRED
    )
    if exclude_id is not None:
        live = live.exclude(pk=exclude_id)
    for field, lookup, value in (
        ("name_zh", "name_zh", name_zh),
        ("name_en", "name_en__iexact", name_en),
    ):
        if value and live.filter(**{lookup: value}).exists():
            raise DomainError(
                _(
                    "A key activity named “%(name)s” exists already: open it, or choose another "
                    "name."
                )
                % {"name": value},
                field=field,
            )


def _check_candidate_not_defined(candidate: Candidate) -> None:
    """A candidate is defined once: its live key activity is opened, not duplicated."""
    existing = candidate.key_activities.exclude(status=KeyActivity.Status.RETIRED).first()
    if existing is not None:
        raise DomainError(
            _("This candidate is defined already as “%(name)s”: open it.")
            % {"name": existing.name},
            field="candidate_id",
        )


@transaction.atomic
def key_activity_create(
    *,
    actor: User,
    valid_from: dt.date,
    name_en: str = "",
    name_zh: str = "",
    purpose_en: str = "",
    purpose_zh: str = "",
    candidate_id: int | None = None,
    aggregate: str = Aggregate.COUNT,
    period: str = Period.MONTH,
    quantity: int | None = None,
    activity_type_ids: Sequence[int] = (),
    tracking_frequency: str = TrackingFrequency.WEEKLY,
    review_day: int = 4,
    valid_to: dt.date | None = None,
) -> KeyActivity:
    """Start a key activity as a draft, optionally from a selected candidate (whose title,
    process, step and activity types it takes unless given)."""
    org_id = _require_designer(actor)
    candidate = None
    type_ids = list(activity_type_ids)
    if candidate_id is not None:
        candidate = candidate_get(user=actor, candidate_id=candidate_id)
        if candidate.status != Candidate.Status.SELECTED:
            raise DomainError(
                _("Select the candidate before defining a key activity from it."),
                field="candidate_id",
            )
        _check_candidate_not_defined(candidate)
        if not name_en and not name_zh:
            name_en, name_zh = candidate.title_en, candidate.title_zh
        if not type_ids:
            type_ids = [t.pk for t in candidate.activity_types.all()]
    values: dict[str, Any] = {
        "name_en": name_en.strip(),
        "name_zh": name_zh.strip(),
        "purpose_en": purpose_en.strip(),
        "purpose_zh": purpose_zh.strip(),
        "aggregate": aggregate,
        "period": period,
        "quantity": quantity,
        "tracking_frequency": tracking_frequency,
        "review_day": review_day,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    _check_definition(values)
    _check_unique_name(org_id, values["name_en"], values["name_zh"])
    types = _activity_types(org_id, type_ids, "activity_type_ids")
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin refused, not a server error
            ka = KeyActivity.objects.create(
                organization_id=org_id,
                candidate=candidate,
                process=candidate.process if candidate else None,
                step=candidate.step if candidate else None,
                created_by=actor,
                created_at=now,
                updated_at=now,
                **values,
            )
    except IntegrityError:
        _check_unique_name(org_id, values["name_en"], values["name_zh"])
        raise
    ka.activity_types.set(types)
    Change.objects.create(
        key_activity=ka,
        version=ka.version,
        action="created",
        changed_by=actor,
        changed_at=now,
        changes={k: [None, _jsonable(v)] for k, v in values.items() if v not in ("", None)},
    )
    return ka


@transaction.atomic
def key_activity_update(
    *,
    actor: User,
    key_activity_id: int,
    version: int,
    activity_type_ids: Sequence[int] | None = None,
    supporter_ids: Sequence[int] | None = None,
    **changes: Any,
) -> KeyActivity:
    """Change the definition (name, purpose, measure, quantity, tracking, validity dates)."""
    unknown = set(changes) - set(SCALAR_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(_("Unknown field: %s") % field, field=field)
    ka = _lock(actor, key_activity_id, version)
    values = {f: getattr(ka, f) for f in SCALAR_FIELDS}
    values.update({k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()})
    _check_definition(values)
    _check_unique_name(ka.organization_id, values["name_en"], values["name_zh"], ka.pk)
    diff: dict[str, tuple[Any, Any]] = {}
    for field in SCALAR_FIELDS:
        if getattr(ka, field) != values[field]:
            diff[field] = (getattr(ka, field), values[field])
            setattr(ka, field, values[field])
    if activity_type_ids is not None:
        types = _activity_types(ka.organization_id, activity_type_ids, "activity_type_ids")
        before = sorted(ka.activity_types.values_list("pk", flat=True))
        after = sorted(t.pk for t in types)
        if before != after:
            diff["activity_type_ids"] = (before, after)
            ka.activity_types.set(types)
    if supporter_ids is not None:
        supporters = list(
            User.objects.filter(
                pk__in=supporter_ids, membership__organization_id=ka.organization_id
            )
        )
        if len(supporters) != len(set(supporter_ids)):
            raise DomainError(_("Unknown person."), field="supporter_ids")
        before = sorted(ka.supporters.values_list("pk", flat=True))
        after = sorted(u.pk for u in supporters)
        if before != after:
            diff["supporter_ids"] = (before, after)
            ka.supporters.set(supporters)
    if not diff:
        return ka
    _check_targets_within(ka)
    return _record(ka, actor, "updated", diff)


def _check_targets_within(ka: KeyActivity) -> None:
    """Refuse validity dates that would leave existing targets outside them."""
    outside = Target.objects.filter(key_activity=ka, period_end__lt=ka.valid_from)
    if ka.valid_to is not None:
        outside = outside | Target.objects.filter(key_activity=ka, period_start__gt=ka.valid_to)
    if outside.exists():
        raise DomainError(
            _("Some targets would fall outside the key activity's dates."), field="valid_from"
        )
