"""Synthetic sales organisations with planted effects, to prove the analyses right.

Pure numpy (no database): ``generate`` draws an organisation whose truth is known —

* **drivers** with known odds ratios: ``reference_visit`` (OR 4) and ``product_demo`` (OR 2.5),
  drawn independently of everything else and entered into the true logistic model of winning
  together with the order size (large orders are harder) and each owner's skill;
* **null types** (``appointment``, ``presales``) with no effect on winning;
* a **high-volume trap**: ``call`` is logged on nearly every deal, more often on lost ones
  (reps keep chasing what they are losing): its count says nothing good about winning;
* a **stall**: after a ``quote``, ``stall_share`` of deals hear nothing for 25-60 days, and
  stalled deals are lost far more often (an unobserved factor: like any omitted cause it pulls
  the other odds ratios toward 1 — with ``stall_share=0`` the model recovers them exactly);
* **top performers**: the first ``top_share`` of owners win more and make twice as many visits
  a week; everyone else's habits are the same;
* **activities after the close**: every won deal gets ``follow_up`` activities after its close
  date (and ``follow_up`` before the close is unrelated to winning): counted wrongly, it would
  look like the strongest driver of all;
* a **rare type** (``tasting``) on a handful of deals: the analysis must say "not enough data".

``reference_frame`` computes, in numpy, the frame the SQL selectors must produce from the same
organisation once written to a database: the tests compare both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from keyact.insights.impact import DealFrame

TYPES: tuple[tuple[str, str, str, str], ...] = (
    # code, English, Chinese, counterpart
    ("call", "Call", "电话沟通", "customer"),
    ("visit", "Visit", "拜访", "customer"),
    ("appointment", "Appointment", "约见", "customer"),
    ("product_demo", "Product demo", "演示产品", "customer"),
    ("reference_visit", "Reference visit", "参观样板客户", "customer"),
    ("quote", "Quote", "报价", "customer"),
    ("presales", "Presales consultation", "售前咨询", "supporter"),
    ("follow_up", "Follow-up", "跟进回访", "customer"),
    ("tasting", "Tasting", "试吃", "customer"),
    ("self_review", "Self-review", "自我总结", "self"),
)
TYPE_INDEX = {code: i for i, (code, *_rest) in enumerate(TYPES)}
PLANTED_ODDS_RATIOS = {"reference_visit": 4.0, "product_demo": 2.5}
NULL_TYPES = ("appointment", "presales")
LARGE_ORDER_AMOUNT = 100_000.0  # the CNY default of the playbook diagnosis
LARGE_ORDER_LOGIT = -0.6  # large orders are harder to win


@dataclass(frozen=True)
class SyntheticOrg:
    """One generated organisation. Days count from day 0 of the generated window.

    Deals: ``deal_owner``, ``deal_customer``, ``deal_amount``, ``deal_created`` (day, float),
    ``deal_closed`` (day, int), ``deal_won``, ``deal_stalled``, ``deal_reached`` (highest open
    stage reached, 1-5). Customers: ``customer_large``, ``customer_first_won`` (day a customer's
    earlier, pre-window won deal closed, or NaN). Activities: ``act_deal`` (-1 for none),
    ``act_type``, ``act_owner``, ``act_day`` (float), ``act_customer`` (-1 for none).
    Stage changes: ``change_deal``, ``change_stage`` (1-5 open, 6 won, 7 lost), ``change_day``.
    """

    owners: int
    top_owners: frozenset[int]
    days: int
    deal_owner: npt.NDArray[np.int64]
    deal_customer: npt.NDArray[np.int64]
    deal_amount: npt.NDArray[np.float64]
    deal_created: npt.NDArray[np.float64]
    deal_closed: npt.NDArray[np.int64]
    deal_won: npt.NDArray[np.bool_]
    deal_stalled: npt.NDArray[np.bool_]
    deal_reached: npt.NDArray[np.int64]
    customer_large: npt.NDArray[np.bool_]
    customer_first_won: npt.NDArray[np.float64]
    act_deal: npt.NDArray[np.int64]
    act_type: npt.NDArray[np.int64]
    act_owner: npt.NDArray[np.int64]
    act_day: npt.NDArray[np.float64]
    act_customer: npt.NDArray[np.int64]
    change_deal: npt.NDArray[np.int64]
    change_stage: npt.NDArray[np.int64]
    change_day: npt.NDArray[np.float64]

    @property
    def n_deals(self) -> int:
        """Number of (closed) deals."""
        return len(self.deal_owner)


def classify_modes(
    amount: npt.NDArray[np.float64], existing: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """The sales mode index (into ``MODES``) by the diagnosis rule of keyact.playbook: order
    size by customer novelty."""
    large = amount >= LARGE_ORDER_AMOUNT
    mode = np.where(large, np.where(existing, 3, 2), np.where(existing, 1, 0))
    return np.where(np.isnan(amount), 4, mode).astype(np.int64)


@dataclass
class _Events:
    """The activities and stage changes drawn so far, as parallel lists."""

    act_deal: list[int] = field(default_factory=list)
    act_type: list[int] = field(default_factory=list)
    act_day: list[float] = field(default_factory=list)
    change_deal: list[int] = field(default_factory=list)
    change_stage: list[int] = field(default_factory=list)
    change_day: list[float] = field(default_factory=list)

    def activity(self, deal: int, code: str, day: float) -> None:
        self.act_deal.append(deal)
        self.act_type.append(TYPE_INDEX[code])
        self.act_day.append(day)

    def change(self, deal: int, stage: int, day: float) -> None:
        self.change_deal.append(deal)
        self.change_stage.append(stage)
        self.change_day.append(day)


def _sequence(
    rng: np.random.Generator, calls: int, demo: bool, reference: bool, quote: bool, stalled: bool
) -> list[str]:
    """A deal's activities in order; the quote comes late, and nothing follows it when the
    deal stalls."""
    sequence = ["call"] * calls + ["visit"] * int(rng.poisson(1.5))
    for code, chance in (("appointment", 0.5), ("presales", 0.3), ("follow_up", 0.2)):
        if rng.random() < chance:
            sequence.append(code)
    sequence += [
        code for code, has in (("product_demo", demo), ("reference_visit", reference)) if has
    ]
    rng.shuffle(sequence)
    if quote:
        position = len(sequence) if stalled else max(0, len(sequence) - 1)
        sequence.insert(position, "quote")
    return sequence


def _deal_events(
    rng: np.random.Generator,
    events: _Events,
    d: int,
    sequence: list[str],
    created: float,
    won: bool,
    stalled: bool,
) -> tuple[int, int]:
    """Draw one deal's activities and stage changes; its close day and highest stage."""
    day = created + rng.uniform(0.1, 2.0)
    for code in sequence:
        events.activity(d, code, day)
        day += rng.uniform(25, 60) if code == "quote" and stalled else rng.uniform(0.5, 9)
    close_day = math.floor(day) + int(rng.integers(1, 5))
    # The closing call on the close day, and follow-ups after a win: neither may count.
    events.activity(d, "call", close_day + rng.uniform(0.3, 0.7))
    if won:
        for _ in range(int(rng.integers(1, 3))):
            events.activity(d, "follow_up", close_day + rng.uniform(1, 20))
    top_stage = 5 if won else (4 if stalled else int(rng.integers(1, 6)))
    span = close_day - created
    for stage in range(1, top_stage + 1):
        events.change(d, stage, created + span * (stage - 1) / (top_stage + 0.5))
    events.change(d, 6 if won else 7, float(close_day) + 0.5)
    return close_day, top_stage


def _background(
    rng: np.random.Generator,
    owners: int,
    top: frozenset[int],
    days: int,
    per_week: float,
    n_customers: int,
) -> tuple[list[int], list[int], list[int], list[float], list[int]]:
    """Background work without a deal: visits (top performers twice as many), calls, reviews.
    Deal, type, owner, day and customer of each."""
    weeks = days / 7
    bg_deal: list[int] = []
    bg_type: list[int] = []
    bg_owner: list[int] = []
    bg_day: list[float] = []
    bg_customer: list[int] = []
    for o in range(owners):
        for code, rate in (
            ("visit", per_week * (2.0 if o in top else 1.0) / 3),
            ("call", per_week),
            ("self_review", 1.0),
        ):
            count = int(rng.poisson(rate * weeks))
            bg_deal += [-1] * count
            bg_type += [TYPE_INDEX[code]] * count
            bg_owner += [o] * count
            bg_day += list(rng.uniform(0, days, count))
            bg_customer += (
                [-1] * count if code == "self_review" else list(rng.integers(0, n_customers, count))
            )
    return bg_deal, bg_type, bg_owner, bg_day, bg_customer


def generate(
    *,
    deals: int = 4000,
    owners: int = 20,
    customers: int | None = None,
    days: int = 365,
    seed: int = 7,
    top_share: float = 0.2,
    stall_share: float = 0.45,
    background_per_week: float = 6.0,
    calls_won: float = 3.0,
    calls_lost: float = 7.0,
) -> SyntheticOrg:
    """Draw an organisation with the planted effects of the module docstring."""
    rng = np.random.default_rng(seed)
    n_customers = customers or max(10, deals // 3)
    n_top = max(1, round(owners * top_share))
    top = frozenset(range(n_top))
    skill = np.where(np.arange(owners) < n_top, 0.9, rng.normal(0.0, 0.25, owners))

    customer_large = rng.random(n_customers) < 0.3
    customer_first_won = np.where(
        rng.random(n_customers) < 0.35, -rng.uniform(30, 400, n_customers), np.nan
    )

    owner = rng.integers(0, owners, deals)
    customer = rng.integers(0, n_customers, deals)
    large_order = rng.random(deals) < 0.4
    amount = np.where(
        large_order,
        rng.uniform(LARGE_ORDER_AMOUNT, 2_000_000, deals),
        rng.uniform(5_000, 95_000, deals),
    ).round(-2)
    created = rng.uniform(0, days - 120, deals)

    has_demo = rng.random(deals) < 0.4
    has_reference = rng.random(deals) < 0.25
    has_quote = rng.random(deals) < 0.55
    stalled = has_quote & (rng.random(deals) < stall_share)
    logit = (
        -0.6
        + LARGE_ORDER_LOGIT * large_order
        + skill[owner]
        + math.log(PLANTED_ODDS_RATIOS["product_demo"]) * has_demo
        + math.log(PLANTED_ODDS_RATIOS["reference_visit"]) * has_reference
        - 1.8 * stalled
    )
    won = rng.random(deals) < 1 / (1 + np.exp(-logit))

    events = _Events()
    closed = np.zeros(deals, dtype=np.int64)
    reached = np.zeros(deals, dtype=np.int64)
    calls = rng.poisson(np.where(won, calls_won, calls_lost))
    for d in range(deals):
        sequence = _sequence(
            rng, int(calls[d]), has_demo[d], has_reference[d], has_quote[d], stalled[d]
        )
        closed[d], reached[d] = _deal_events(
            rng, events, d, sequence, float(created[d]), won[d], stalled[d]
        )

    # A handful of tastings on won and lost deals: far too few to say anything.
    tasting_deals = rng.choice(deals, size=min(deals, 8), replace=False)
    for d in tasting_deals:
        events.activity(int(d), "tasting", float(created[d]) + 0.5)

    deal_arr = np.array(events.act_deal, dtype=np.int64)
    act_owner = owner[deal_arr]
    act_customer = customer[deal_arr]
    bg_deal, bg_type, bg_owner, bg_day, bg_customer = _background(
        rng, owners, top, days, background_per_week, n_customers
    )
    return SyntheticOrg(
        owners=owners,
        top_owners=top,
        days=days,
        deal_owner=owner,
        deal_customer=customer,
        deal_amount=amount.astype(np.float64),
        deal_created=created,
        deal_closed=closed,
        deal_won=won,
        deal_stalled=stalled,
        deal_reached=reached,
        customer_large=customer_large,
        customer_first_won=customer_first_won,
        act_deal=np.concatenate([deal_arr, np.array(bg_deal, dtype=np.int64)]),
        act_type=np.concatenate(
            [np.array(events.act_type, dtype=np.int64), np.array(bg_type, dtype=np.int64)]
        ),
        act_owner=np.concatenate([act_owner, np.array(bg_owner, dtype=np.int64)]),
        act_day=np.concatenate([np.array(events.act_day), np.array(bg_day, dtype=np.float64)]),
        act_customer=np.concatenate([act_customer, np.array(bg_customer, dtype=np.int64)]),
        change_deal=np.array(events.change_deal, dtype=np.int64),
        change_stage=np.array(events.change_stage, dtype=np.int64),
        change_day=np.array(events.change_day, dtype=np.float64),
    )


def reference_frame(org: SyntheticOrg, *, count_after_close: bool = False) -> DealFrame:
    """The impact frame of ``org`` computed in numpy: types present strictly before the close
    date. ``count_after_close`` builds the wrong frame a naive analysis would use."""
    on_deal = org.act_deal >= 0
    deal = org.act_deal[on_deal]
    day = np.floor(org.act_day[on_deal]).astype(np.int64)
    kind = org.act_type[on_deal]
    keep = np.ones(len(deal), dtype=bool) if count_after_close else day < org.deal_closed[deal]
    has = np.zeros((org.n_deals, len(TYPES)), dtype=bool)
    has[deal[keep], kind[keep]] = True
    # The customer's first win: before the window, or a deal won inside it.
    first_won = np.where(np.isnan(org.customer_first_won), np.inf, np.floor(org.customer_first_won))
    won_deals = np.flatnonzero(org.deal_won)
    np.minimum.at(first_won, org.deal_customer[won_deals], org.deal_closed[won_deals])
    existing = first_won[org.deal_customer] < np.floor(org.deal_created)
    present = has.any(axis=0)
    return DealFrame(
        deal_ids=np.arange(org.n_deals, dtype=np.int64),
        won=org.deal_won.copy(),
        amount=org.deal_amount.copy(),
        owner_ids=org.deal_owner.copy(),
        existing=existing,
        mode=classify_modes(org.deal_amount, existing),
        type_ids=tuple(int(i) for i in np.flatnonzero(present)),
        has_type=has[:, present],
    )


def reference_stalls(org: SyntheticOrg, stall_days: int) -> dict[int, tuple[int, int, int, int]]:
    """Per type index: (deals with it before close, stalled after it, stalled and lost,
    not stalled and lost), computed in plain Python from the raw organisation."""
    customer_types = {
        i for i, (*_rest, counterpart) in enumerate(TYPES) if counterpart == "customer"
    }
    per_deal: dict[int, list[tuple[float, int]]] = {}
    for deal, kind, day in zip(org.act_deal, org.act_type, org.act_day, strict=True):
        if deal < 0 or int(kind) not in customer_types:
            continue
        if math.floor(day) >= org.deal_closed[deal]:
            continue
        per_deal.setdefault(int(deal), []).append((float(day), int(kind)))
    result: dict[int, list[int]] = {}
    for deal, items in per_deal.items():
        items.sort()
        seen: dict[int, bool] = {}
        for position, (day, kind) in enumerate(items):
            following = (
                math.floor(items[position + 1][0])
                if position + 1 < len(items)
                else int(org.deal_closed[deal])
            )
            stalled = following - math.floor(day) > stall_days
            seen[kind] = seen.get(kind, False) or stalled
        lost = not org.deal_won[deal]
        for kind, stalled in seen.items():
            entry = result.setdefault(kind, [0, 0, 0, 0])
            entry[0] += 1
            entry[1] += stalled
            entry[2] += stalled and lost
            entry[3] += (not stalled) and lost
    return {k: (v[0], v[1], v[2], v[3]) for k, v in result.items()}


def reference_people(
    org: SyntheticOrg,
) -> tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
]:
    """Per owner index: (closed deals, wins, won revenue, weeks active, activities per type)."""
    closed = np.bincount(org.deal_owner, minlength=org.owners)
    wins = np.bincount(org.deal_owner, weights=org.deal_won.astype(float), minlength=org.owners)
    revenue = np.bincount(
        org.deal_owner, weights=org.deal_amount * org.deal_won, minlength=org.owners
    )
    counts = np.zeros((org.owners, len(TYPES)))
    np.add.at(counts, (org.act_owner, org.act_type), 1)
    weeks = np.zeros(org.owners)
    for o in range(org.owners):
        days = org.act_day[org.act_owner == o]
        weeks[o] = max(1.0, (days.max() - days.min() + 1) / 7) if len(days) else 1.0
    return closed.astype(np.int64), wins.astype(np.int64), revenue.astype(np.float64), weeks, counts
