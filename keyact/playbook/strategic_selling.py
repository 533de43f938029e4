"""Strategic-selling rules as pure functions: derived red flags and visit success (METHOD.md §4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

RECEPTIVE_MODES = frozenset({"growth", "trouble"})
NOT_RECEPTIVE_MODES = frozenset({"even_keel", "overconfident"})
SUCCESS_LEVELS = frozenset({"best", "acceptable"})


@dataclass(frozen=True)
class InfluenceFacts:
    """What the red-flag rules need to know about one buying influence."""

    contact: str
    role: str
    response_mode: str
    is_covered: bool


@dataclass(frozen=True)
class RedFlag:
    """A derived red flag: its code and the contact it is about (None for missing roles)."""

    code: str
    contact: str | None = None


def derive_red_flags(influences: Iterable[InfluenceFacts]) -> list[RedFlag]:
    """Red flags the buying-influence map shows, in a stable order.

    * ``no_economic_buyer`` — nobody mapped in the economic-buyer role;
    * ``no_coach`` — nobody mapped as coach;
    * ``not_receptive`` — per influence in even-keel or overconfident mode;
    * ``uncovered`` — per influence nobody of ours has met.
    """
    items = list(influences)
    roles = {i.role for i in items}
    flags: list[RedFlag] = []
    if "economic" not in roles:
        flags.append(RedFlag("no_economic_buyer"))
    if "coach" not in roles:
        flags.append(RedFlag("no_coach"))
    flags.extend(
        RedFlag("not_receptive", i.contact) for i in items if i.response_mode in NOT_RECEPTIVE_MODES
    )
    flags.extend(RedFlag("uncovered", i.contact) for i in items if not i.is_covered)
    return flags


def visit_successful(commitment_level: str) -> bool:
    """A visit succeeds when its result reaches at least the minimum acceptable action."""
    return commitment_level in SUCCESS_LEVELS
