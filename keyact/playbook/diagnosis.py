"""Sales-mode diagnosis as pure functions (METHOD.md §3): no database, tested on plain data.

The classification rule
-----------------------
Three yes/no facts describe a won deal:

* **large order** — the deal's amount is at least ``Thresholds.large_order_amount``
  (so an amount exactly on the threshold is large);
* **existing customer** — the same customer has another *won* deal closed strictly before this
  one (earlier ``closed_date``; on the same day, the deal with the lower id came first). For an
  open deal: the customer has any won deal;
* **large customer** — the customer has at least ``large_customer_employees`` employees *or* an
  annual revenue of at least ``large_customer_revenue`` (unknown size counts as small).

The mode follows:

==============  ===========================================  ==================
order           customer                                     mode
==============  ===========================================  ==================
small           new                                          ``small_order``
small           existing                                     ``small_customer``
large           new and small                                ``large_order``
large           existing, or large (new or not)              ``large_account``
==============  ===========================================  ==================

Customer size only decides between the two large modes: a large order from a large customer is
an account to be managed (key account management, the article's engines and tyres) even on the
first win, while a large first order from a small customer is the "大新少" large-order mode
(decoration). A deal without amount, without customer, without close date, or in another
currency than the organisation's is *unclassified*: counted and listed, never classified.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from keyact.playbook.catalog import PROCESSES

MODES: tuple[str, ...] = ("small_order", "small_customer", "large_order", "large_account")


@dataclass(frozen=True)
class Thresholds:
    """Where a deal becomes a large order and a customer a large customer."""

    large_order_amount: Decimal
    large_customer_employees: int
    large_customer_revenue: Decimal
    dominant_share: Decimal = Decimal("0.3")


def is_large_order(amount: Decimal, thresholds: Thresholds) -> bool:
    """Whether an amount makes a large order (the threshold itself is large)."""
    return amount >= thresholds.large_order_amount


def is_large_customer(
    employees: int | None, annual_revenue: Decimal | None, thresholds: Thresholds
) -> bool:
    """Whether a customer is large by head count or by annual revenue (unknown = small)."""
    return (employees is not None and employees >= thresholds.large_customer_employees) or (
        annual_revenue is not None and annual_revenue >= thresholds.large_customer_revenue
    )


def classify(*, large_order: bool, existing_customer: bool, large_customer: bool) -> str:
    """The sales mode of a deal from its three facts (see the module docstring)."""
    if not large_order:
        return "small_customer" if existing_customer else "small_order"
    if existing_customer or large_customer:
        return "large_account"
    return "large_order"


@dataclass(frozen=True)
class DealFacts:
    """What classification needs to know about one deal."""

    amount: Decimal
    existing_customer: bool
    employees: int | None = None
    annual_revenue: Decimal | None = None


def classify_deal(deal: DealFacts, thresholds: Thresholds) -> str:
    """The sales mode of one deal."""
    return classify(
        large_order=is_large_order(deal.amount, thresholds),
        existing_customer=deal.existing_customer,
        large_customer=is_large_customer(deal.employees, deal.annual_revenue, thresholds),
    )


@dataclass(frozen=True)
class ModeCount:
    """Deals and revenue of one mode inside some slice (org, team, rep, quarter)."""

    mode: str
    deals: int
    revenue: Decimal


@dataclass(frozen=True)
class ModeShare:
    """One mode's figures and its shares of the slice's revenue and deal count."""

    mode: str
    deals: int
    revenue: Decimal
    revenue_share: float
    count_share: float


@dataclass(frozen=True)
class Mix:
    """The mode mix of a slice: every mode (zeros included), totals and the dominant modes."""

    modes: dict[str, ModeShare]
    deals: int
    revenue: Decimal
    dominant: list[str] = field(default_factory=list)


def dominant_modes(shares: dict[str, ModeShare], min_share: Decimal) -> list[str]:
    """Modes holding at least ``min_share`` of revenue, largest first; if none does, the largest
    one. Empty when the slice has no deal."""
    ranked = sorted(
        (s for s in shares.values() if s.deals > 0),
        key=lambda s: (-s.revenue_share, -s.count_share, MODES.index(s.mode)),
    )
    if not ranked:
        return []
    chosen = [s.mode for s in ranked if s.revenue_share >= float(min_share)]
    return chosen or [ranked[0].mode]


def mix_of(counts: Iterable[ModeCount], dominant_share: Decimal = Decimal("0.3")) -> Mix:
    """Fold per-mode counts (several per mode allowed) into shares of revenue and count.

    Shares are 0 for an empty slice; otherwise each kind of share sums to 1 over the modes
    (up to float rounding). Revenue shares of a slice whose revenue is 0 are 0.
    """
    deals = dict.fromkeys(MODES, 0)
    revenue = dict.fromkeys(MODES, Decimal(0))
    for count in counts:
        if count.mode not in deals:
            raise ValueError(f"unknown sales mode {count.mode!r}")
        deals[count.mode] += count.deals
        revenue[count.mode] += count.revenue
    cents = Decimal("0.01")
    revenue = {mode: value.quantize(cents) for mode, value in revenue.items()}
    total_deals = sum(deals.values())
    total_revenue = sum(revenue.values(), Decimal(0)).quantize(cents)
    shares = {
        mode: ModeShare(
            mode=mode,
            deals=deals[mode],
            revenue=revenue[mode],
            revenue_share=float(revenue[mode] / total_revenue) if total_revenue else 0.0,
            count_share=deals[mode] / total_deals if total_deals else 0.0,
        )
        for mode in MODES
    }
    return Mix(
        modes=shares,
        deals=total_deals,
        revenue=total_revenue,
        dominant=dominant_modes(shares, dominant_share),
    )


def suggest_threshold(
    amounts: Sequence[Decimal | float], *, minimum_deals: int = 10
) -> Decimal | None:
    """A natural break between small and large orders: Jenks with two classes on log amounts.

    The split minimises the within-class sum of squared deviations of log10(amount) (exact, in
    one pass over the sorted values with prefix sums). The suggestion is the geometric middle of
    the gap, rounded to two significant digits. None with fewer than ``minimum_deals`` positive
    amounts or when every amount is the same.
    """
    logs = sorted(math.log10(float(a)) for a in amounts if a is not None and float(a) > 0)
    n = len(logs)
    if n < minimum_deals or logs[0] == logs[-1]:
        return None
    prefix = [0.0]
    prefix_sq = [0.0]
    for value in logs:
        prefix.append(prefix[-1] + value)
        prefix_sq.append(prefix_sq[-1] + value * value)

    def ssd(lo: int, hi: int) -> float:
        count = hi - lo
        total = prefix[hi] - prefix[lo]
        return (prefix_sq[hi] - prefix_sq[lo]) - total * total / count

    best_k, best_cost = 1, math.inf
    for k in range(1, n):
        if logs[k] == logs[k - 1]:
            continue  # never split equal amounts into two classes
        cost = ssd(0, k) + ssd(k, n)
        if cost < best_cost:
            best_k, best_cost = k, cost
    middle = 10 ** ((logs[best_k - 1] + logs[best_k]) / 2)
    return round_significant(middle, 2, floor=10 ** logs[best_k - 1], ceiling=10 ** logs[best_k])


def round_significant(value: float, digits: int, *, floor: float, ceiling: float) -> Decimal:
    """``value`` rounded to ``digits`` significant digits (more when needed) so that it stays
    strictly above ``floor`` and at most ``ceiling``; cents at most."""
    exact = Decimal(repr(value))
    for precision in range(digits, 18):
        exponent = exact.adjusted() - precision + 1
        quantum = Decimal(1).scaleb(max(exponent, -2))
        rounded = exact.quantize(quantum)
        if Decimal(repr(floor)) < rounded <= Decimal(repr(ceiling)):
            if rounded == rounded.to_integral_value():
                return rounded.quantize(Decimal(1))
            return rounded.quantize(Decimal("0.01"))
    return Decimal(repr(ceiling)).quantize(Decimal("0.01"))


class QuestionnaireError(ValueError):
    """Some answers of the questionnaire are missing or unknown; ``fields`` names them."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


QUESTIONNAIRE: dict[str, tuple[str, ...]] = {
    "order_size": ("small", "large"),
    "customer_novelty": ("new", "existing"),
    "customer_size": ("small", "large"),
}


def questionnaire_mode(answers: dict[str, str | None]) -> str:
    """The sales mode from the three answers (for organisations without deal history).

    Raises QuestionnaireError naming every missing or unknown answer.
    """
    bad = [
        question
        for question, allowed in QUESTIONNAIRE.items()
        if (answers.get(question) or "") not in allowed
    ]
    if bad:
        raise QuestionnaireError(bad)
    return classify(
        large_order=answers["order_size"] == "large",
        existing_customer=answers["customer_novelty"] == "existing",
        large_customer=answers["customer_size"] == "large",
    )


def questionnaire_mix(answers: dict[str, str | None]) -> Mix:
    """The questionnaire's answer as a mix: the chosen mode holds every share (no deals)."""
    mode = questionnaire_mode(answers)
    shares = {
        m: ModeShare(
            mode=m,
            deals=0,
            revenue=Decimal(0),
            revenue_share=1.0 if m == mode else 0.0,
            count_share=1.0 if m == mode else 0.0,
        )
        for m in MODES
    }
    return Mix(modes=shares, deals=0, revenue=Decimal(0), dominant=[mode])


@dataclass(frozen=True)
class Advice:
    """What fits a mode: its processes and what management should watch, in both languages."""

    mode: str
    process_codes: list[str]
    processes_en: list[str]
    processes_zh: list[str]
    focus_en: list[str]
    focus_zh: list[str]


def advice_for(modes: Iterable[str]) -> list[Advice]:
    """The METHOD.md §4 table for the given modes, in the order given."""
    result = []
    for mode in modes:
        fitting = [p for p in PROCESSES if mode in p.modes]
        result.append(
            Advice(
                mode=mode,
                process_codes=[p.code for p in fitting],
                processes_en=[p.name_en for p in fitting],
                processes_zh=[p.name_zh for p in fitting],
                focus_en=[f"{p.name_en}: {p.focus_en}" for p in fitting],
                focus_zh=[f"{p.name_zh}：{p.focus_zh}" for p in fitting],  # noqa: RUF001
            )
        )
    return result


def advice_as_dict(advice: Advice) -> dict[str, object]:
    """The JSON shape of one mode's advice."""
    return {
        "mode": advice.mode,
        "processes": advice.process_codes,
        "processes_en": advice.processes_en,
        "processes_zh": advice.processes_zh,
        "focus_en": advice.focus_en,
        "focus_zh": advice.focus_zh,
    }


def mix_as_dict(mix: Mix) -> dict[str, object]:
    """The JSON shape of a mix: ``{"modes": {mode: {...}}, "deals", "revenue", "dominant"}``."""
    return {
        "modes": {
            mode: {
                "revenue_share": round(share.revenue_share, 4),
                "count_share": round(share.count_share, 4),
                "deals": share.deals,
                "revenue": str(share.revenue),
            }
            for mode, share in mix.modes.items()
        },
        "deals": mix.deals,
        "revenue": str(mix.revenue),
        "dominant": list(mix.dominant),
    }


def thresholds_as_dict(thresholds: Thresholds, currency: str) -> dict[str, object]:
    """The JSON shape of thresholds."""
    return {
        "large_order_amount": str(thresholds.large_order_amount),
        "large_customer_employees": thresholds.large_customer_employees,
        "large_customer_revenue": str(thresholds.large_customer_revenue),
        "dominant_share": str(thresholds.dominant_share),
        "currency": currency,
    }
