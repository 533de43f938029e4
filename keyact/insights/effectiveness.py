"""Key-activity effectiveness (METHOD.md §8): did owners who met their targets convert better?

For a published key activity, owners are split by whether they met their targets (at least
half of their finished target periods). Win rates of the deals they closed are compared in two
windows of equal length: before publication and after it.

* With deals in all four cells (met / not met x before / after, at least ``MIN_CELL`` each) the
  estimate is the **difference in differences** of win rates, (after - before) of those who met
  minus (after - before) of those who did not, with a normal 95% interval from the four
  independent binomial cells. It removes what changed for everybody (season, market) and the
  fixed difference between the groups; it still assumes the groups would have moved in
  parallel without the key activity, and owners are not randomly assigned: association.
* With only the after window, met vs not met is reported as a plain **association**.
* Otherwise: **not enough data** (e.g. published too recently, or no finished target period).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from keyact.insights.stats import Z95

MIN_CELL = 10
DID = "difference_in_differences"
ASSOCIATION = "association"
NOT_ENOUGH = "not_enough_data"


@dataclass(frozen=True)
class Cell:
    """Deals closed by one group in one window, and how many were won."""

    deals: int
    wins: int

    @property
    def rate(self) -> float | None:
        """The win rate, or None without deals."""
        return self.wins / self.deals if self.deals else None

    @property
    def variance(self) -> float:
        """The binomial variance of the rate."""
        p = self.rate or 0.0
        return p * (1 - p) / self.deals if self.deals else math.inf


@dataclass(frozen=True)
class EffectivenessInput:
    """What one key activity's history gives."""

    key_activity_id: int
    owners_met: int
    owners_not_met: int
    met_before: Cell
    met_after: Cell
    not_met_before: Cell
    not_met_after: Cell


@dataclass(frozen=True)
class Effectiveness:
    """The verdict on one key activity."""

    key_activity_id: int
    method: str
    estimate: float | None
    ci: tuple[float, float] | None
    owners_met: int
    owners_not_met: int
    cells: dict[str, Cell]


def effectiveness_analyze(data: EffectivenessInput) -> Effectiveness:
    """Difference in differences where all four cells have data, else association, else none."""
    cells = {
        "met_before": data.met_before,
        "met_after": data.met_after,
        "not_met_before": data.not_met_before,
        "not_met_after": data.not_met_after,
    }

    def result(method: str, estimate: float | None, variance: float) -> Effectiveness:
        ci = None
        if estimate is not None and math.isfinite(variance):
            half = Z95 * math.sqrt(variance)
            ci = (estimate - half, estimate + half)
        return Effectiveness(
            data.key_activity_id,
            method,
            estimate,
            ci,
            data.owners_met,
            data.owners_not_met,
            cells,
        )

    if all(c.deals >= MIN_CELL for c in cells.values()):
        mb, ma = data.met_before.rate or 0.0, data.met_after.rate or 0.0
        nb, na = data.not_met_before.rate or 0.0, data.not_met_after.rate or 0.0
        variance = sum(c.variance for c in cells.values())
        return result(DID, (ma - mb) - (na - nb), variance)
    if data.met_after.deals >= MIN_CELL and data.not_met_after.deals >= MIN_CELL:
        estimate = (data.met_after.rate or 0.0) - (data.not_met_after.rate or 0.0)
        return result(ASSOCIATION, estimate, data.met_after.variance + data.not_met_after.variance)
    return result(NOT_ENOUGH, None, math.inf)
