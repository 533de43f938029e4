"""The default pipeline stages installed into every new organisation (editable afterwards)."""

from __future__ import annotations

from typing import NamedTuple


class DefaultStage(NamedTuple):
    """One default pipeline stage."""

    name_en: str
    name_zh: str
    probability: int
    is_won: bool
    is_lost: bool


DEFAULT_STAGES: tuple[DefaultStage, ...] = (
    DefaultStage("Lead", "线索", 10, False, False),
    DefaultStage("Qualified", "需求确认", 20, False, False),
    DefaultStage("Solution / demo", "方案演示", 40, False, False),
    DefaultStage("Proposal / quote", "报价", 60, False, False),
    DefaultStage("Negotiation", "商务谈判", 80, False, False),
    DefaultStage("Won", "赢单", 100, True, False),
    DefaultStage("Lost", "输单", 0, False, True),
)
