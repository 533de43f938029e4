"""Scoped reads of opportunities and the stage list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from keyact.core.errors import NotFound
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.orgs.selectors import Scope, scope_for
from keyact.users.models import User


def opportunity_visibility(scope: Scope) -> Q:
    """The condition an opportunity meets when it lies inside ``scope``."""
    condition = Q(organization_id=scope.organization_id)
    if scope.owner_ids is None:
        return condition
    visible = Q(owner_id__in=scope.owner_ids)
    if scope.via_participation:
        visible |= Q(
            Exists(
                # Activities stand above opportunities: reach them through the relation.
                Opportunity.objects.filter(
                    pk=OuterRef("pk"), activities__participants__id=scope.user_id
                )
            )
        )
    return condition & visible


def opportunity_list(
    *,
    user: User,
    customer_id: int | None = None,
    owner_id: int | None = None,
    status: str = "",
    stage_id: int | None = None,
    search: str = "",
) -> QuerySet[Opportunity]:
    """Opportunities the user may see, newest first."""
    scope = scope_for(user)
    qs = Opportunity.objects.filter(opportunity_visibility(scope)).select_related(
        "customer", "owner", "stage"
    )
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if status:
        qs = qs.filter(status=status)
    if stage_id is not None:
        qs = qs.filter(stage_id=stage_id)
    if search:
        qs = qs.filter(name__icontains=search)
    return qs.order_by("-created_at", "-id")


def opportunity_get(*, user: User, opportunity_id: int) -> Opportunity:
    """One opportunity inside the user's scope; NotFound otherwise."""
    try:
        return opportunity_list(user=user).get(pk=opportunity_id)
    except Opportunity.DoesNotExist as exc:
        raise NotFound(_("No such opportunity."), field="opportunity_id") from exc


def stage_list(*, user: User) -> QuerySet[Stage]:
    """The organisation's pipeline stages in order."""
    return Stage.objects.filter(organization_id=scope_for(user).organization_id).order_by(
        "order", "id"
    )


def stage_history(*, opportunity: Opportunity) -> QuerySet[StageChange]:
    """An opportunity's stage moves, oldest first (the caller has already scoped it)."""
    return opportunity.stage_changes.select_related("from_stage", "to_stage", "changed_by")


BOARD_CARDS_PER_STAGE = 30
BOARD_CARDS_PER_CLOSED_STAGE = 8


@dataclass(frozen=True)
class BoardColumn:
    """One stage of the pipeline board: its deals' count, amounts per currency, and the first
    cards (most recently changed first)."""

    stage: Stage
    count: int
    totals: list[tuple[str, Decimal]]
    cards: list[Opportunity]

    @property
    def hidden(self) -> int:
        """Deals of the stage not shown as cards."""
        return self.count - len(self.cards)


def opportunity_board(
    *,
    user: User,
    search: str = "",
    owner_id: int | None = None,
    cards_per_stage: int = BOARD_CARDS_PER_STAGE,
    cards_per_closed_stage: int = BOARD_CARDS_PER_CLOSED_STAGE,
) -> list[BoardColumn]:
    """The pipeline board: every stage of the organisation with the visible opportunities in it
    (the latest few of a won or lost stage: the board is for the deals still in play).

    Three queries whatever the number of stages or deals: the stages, the counts and totals per
    stage and currency, and the first cards of every stage (a window function ranks them).
    """
    qs = opportunity_list(user=user, search=search, owner_id=owner_id)
    stages = list(stage_list(user=user))
    counts: dict[int, int] = defaultdict(int)
    totals: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for row in (
        qs.order_by()
        .values("stage_id", "currency")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by("stage_id", "currency")
    ):
        counts[row["stage_id"]] += row["n"]
        if row["total"] is not None:
            totals[row["stage_id"]].append((row["currency"], row["total"]))
    ranked = qs.annotate(
        board_rank=Window(
            RowNumber(),
            partition_by=[F("stage_id")],
            order_by=[F("updated_at").desc(), F("id").desc()],
        ),
        board_limit=Case(
            When(
                Q(stage__is_won=True) | Q(stage__is_lost=True), then=Value(cards_per_closed_stage)
            ),
            default=Value(cards_per_stage),
        ),
    ).filter(board_rank__lte=F("board_limit"))
    cards: dict[int, list[Opportunity]] = defaultdict(list)
    for opportunity in ranked.order_by("stage_id", "board_rank"):
        cards[opportunity.stage_id].append(opportunity)
    return [
        BoardColumn(stage=s, count=counts[s.pk], totals=totals[s.pk], cards=cards[s.pk])
        for s in stages
    ]
