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

The mode is decided by the first two, as the article's four descriptions do:

==============  ==============  ====================================================
order           customer        mode
==============  ==============  ====================================================
small           new             ``small_order`` (小订单: many, new, small)
small           existing        ``small_customer`` (小客户: small_order grown up)
large           new             ``large_order`` (大订单: "大新少" — large, new, few)
large           existing        ``large_account`` (大客户: large orders, existing customers)
==============  ==============  ====================================================

Customer size is the third dimension the article names; it never overrides novelty. It is
reported beside each mode as the share of that mode's deals and revenue from large customers. A
deal without amount, without customer, without close date, or in another currency than the
organisation's is *unclassified*: counted and listed, never classified.
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


def classify(*, large_order: bool, existing_customer: bool) -> str:
    """The sales mode of a deal: order size by customer novelty (see the module docstring)."""
    if large_order:
        return "large_account" if existing_customer else "large_order"
    return "small_customer" if existing_customer else "small_order"


@dataclass(frozen=True)
class DealFacts:
    """What classification needs to know about one deal."""

    amount: Decimal
    existing_customer: bool
    employees: int | None = None
    annual_revenue: Decimal | None = None


def classify_deal(deal: DealFacts, thresholds: Thresholds) -> str:
    """The sales mode of one deal (its customer's size is reported, not used)."""
    return classify(
        large_order=is_large_order(deal.amount, thresholds),
        existing_customer=deal.existing_customer,
    )


@dataclass(frozen=True)
class ModeCount:
    """Deals and revenue of one mode inside some slice (org, team, rep, quarter), and the part
    of them won with large customers."""

    mode: str
    deals: int
    revenue: Decimal
    large_customer_deals: int = 0
    large_customer_revenue: Decimal = Decimal(0)


@dataclass(frozen=True)
class ModeShare:
    """One mode's figures, its shares of the slice's revenue and deal count, and the share of
    its own revenue and deals that came from large customers (the third dimension)."""

    mode: str
    deals: int
    revenue: Decimal
    revenue_share: float
    count_share: float
    large_customer_deals: int = 0
    large_customer_revenue: Decimal = Decimal(0)
    large_customer_revenue_share: float = 0.0
    large_customer_count_share: float = 0.0


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
    (up to float rounding). Revenue shares of a slice whose revenue is 0 are 0. The large-customer
    shares of a mode are relative to that mode's own deals and revenue.
    """
    deals = dict.fromkeys(MODES, 0)
    revenue = dict.fromkeys(MODES, Decimal(0))
    large_deals = dict.fromkeys(MODES, 0)
    large_revenue = dict.fromkeys(MODES, Decimal(0))
    for count in counts:
        if count.mode not in deals:
            raise ValueError(f"unknown sales mode {count.mode!r}")
        deals[count.mode] += count.deals
        revenue[count.mode] += count.revenue
        large_deals[count.mode] += count.large_customer_deals
        large_revenue[count.mode] += count.large_customer_revenue
    cents = Decimal("0.01")
    revenue = {mode: value.quantize(cents) for mode, value in revenue.items()}
    large_revenue = {mode: value.quantize(cents) for mode, value in large_revenue.items()}
    total_deals = sum(deals.values())
    total_revenue = sum(revenue.values(), Decimal(0)).quantize(cents)
    shares = {
        mode: ModeShare(
            mode=mode,
            deals=deals[mode],
            revenue=revenue[mode],
            revenue_share=float(revenue[mode] / total_revenue) if total_revenue else 0.0,
            count_share=deals[mode] / total_deals if total_deals else 0.0,
            large_customer_deals=large_deals[mode],
            large_customer_revenue=large_revenue[mode],
            large_customer_revenue_share=(
                float(large_revenue[mode] / revenue[mode]) if revenue[mode] else 0.0
            ),
            large_customer_count_share=large_deals[mode] / deals[mode] if deals[mode] else 0.0,
        )
        for mode in MODES
    }
    return Mix(
        modes=shares,
        deals=total_deals,
        revenue=total_revenue,
        dominant=dominant_modes(shares, dominant_share),
    )


@dataclass(frozen=True)
class ThresholdSuggestion:
    """A suggested large-order threshold and what it means on the deals it came from: ``large``
    of ``deals`` won deals are at or above ``amount`` and bring ``revenue_share`` of the revenue."""

    amount: Decimal
    deals: int
    large: int
    count_share: float
    revenue_share: float


# Cuts whose weight (revenue share minus count share of the deals above) is within this much of
# the best one are equally good; among them the widest gap between neighbouring amounts wins,
# so the threshold falls between two clusters (products, price points), not inside one.
SUGGESTION_TOLERANCE = 0.02


def suggest_threshold(
    amounts: Sequence[Decimal | float], *, minimum_deals: int = 10
) -> ThresholdSuggestion | None:
    """Where few deals carry much of the revenue: the large-order threshold that weighs revenue.

    For every cut between two different amounts, the deals above it hold some share of the
    count and some share of the revenue; the cut where the revenue share most exceeds the count
    share (the farthest point of the Lorenz curve, which lies at the mean amount) separates the
    few deals that weigh from the many that do not. Among cuts within ``SUGGESTION_TOLERANCE`` of
    the best, the widest gap on a log scale wins; the suggestion is the geometric middle of that
    gap, rounded to two significant digits, so it always lies strictly above the largest small
    amount and at most the smallest large one. None with fewer than ``minimum_deals`` positive
    amounts or when every amount is the same.
    """
    values = sorted(float(a) for a in amounts if a is not None and float(a) > 0)
    n = len(values)
    if n < minimum_deals or values[0] == values[-1]:
        return None
    above = [0.0] * (n + 1)  # above[k] = sum(values[k:])
    for k in range(n - 1, -1, -1):
        above[k] = above[k + 1] + values[k]
    total = above[0]
    cuts = [(above[k] / total - (n - k) / n, k) for k in range(1, n) if values[k] != values[k - 1]]
    best = max(score for score, _k in cuts)
    _gap, cut = max(
        (math.log10(values[k]) - math.log10(values[k - 1]), k)
        for score, k in cuts
        if score >= best - SUGGESTION_TOLERANCE
    )
    low, high = values[cut - 1], values[cut]
    amount = round_significant(math.sqrt(low * high), 2, floor=low, ceiling=high)
    return ThresholdSuggestion(
        amount=amount,
        deals=n,
        large=n - cut,
        count_share=(n - cut) / n,
        revenue_share=above[cut] / total,
    )


@dataclass(frozen=True)
class AmountBin:
    """One bar of the amount distribution: deals with ``low`` <= amount < ``high``."""

    low: float
    high: float
    deals: int
    revenue: float


def amount_distribution(amounts: Sequence[Decimal | float], *, bins: int = 24) -> list[AmountBin]:
    """Deals and revenue per amount band, the bands equally wide on a log scale from the smallest
    to the largest positive amount (the last band includes the largest). Empty without amounts."""
    values = sorted(float(a) for a in amounts if a is not None and float(a) > 0)
    if not values:
        return []
    lo, hi = math.log10(values[0]), math.log10(values[-1])
    if lo == hi:
        return [AmountBin(values[0], values[0], len(values), sum(values))]
    width = (hi - lo) / bins
    edges = [10 ** (lo + i * width) for i in range(bins)] + [values[-1]]
    counts = [0] * bins
    sums = [0.0] * bins
    for value in values:
        index = min(int((math.log10(value) - lo) / width), bins - 1)
        counts[index] += 1
        sums[index] += value
    return [AmountBin(edges[i], edges[i + 1], counts[i], sums[i]) for i in range(bins)]


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
    """The sales mode from the answers: order size by customer novelty (for organisations without
    deal history). Customer size is asked too and reported beside the mode, never deciding it.

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
    )


def questionnaire_mix(answers: dict[str, str | None]) -> Mix:
    """The questionnaire's answer as a mix: the chosen mode holds every share (no deals), and
    its large-customer share is all or nothing as answered."""
    mode = questionnaire_mode(answers)
    large = 1.0 if answers["customer_size"] == "large" else 0.0
    shares = {
        m: ModeShare(
            mode=m,
            deals=0,
            revenue=Decimal(0),
            revenue_share=1.0 if m == mode else 0.0,
            count_share=1.0 if m == mode else 0.0,
            large_customer_revenue_share=large if m == mode else 0.0,
            large_customer_count_share=large if m == mode else 0.0,
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
                "large_customer_revenue_share": round(share.large_customer_revenue_share, 4),
                "large_customer_count_share": round(share.large_customer_count_share, 4),
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


@dataclass(frozen=True)
class ProcessGap:
    """A dominant mode whose fitting processes are not in use (e.g. 98% large-account revenue
    while key account management is off)."""

    mode: str
    revenue_share: float
    missing: tuple[str, ...]  # process codes, catalog order


def process_gaps(mix: Mix, in_use: set[str]) -> list[ProcessGap]:
    """For each dominant mode, the processes that fit it but are not in use; none when at least
    one fitting process is in use or no process is in use at all (nothing chosen yet: the
    playbook suggests instead)."""
    if not in_use:
        return []
    gaps = []
    for mode in mix.dominant:
        fitting = tuple(p.code for p in PROCESSES if mode in p.modes)
        if fitting and not in_use.intersection(fitting):
            gaps.append(ProcessGap(mode, mix.modes[mode].revenue_share, fitting))
    return gaps
