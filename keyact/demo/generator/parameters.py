"""The demo's shape: its slugs and logins, team sales modes, seed options and report, the
planned records (reps, customers, deals) and the random laws that draw them."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from keyact.activities.models import Activity
from keyact.demo.calendar import is_holiday

DEMO_SLUG = "demo"


DEMO_NAME = "Keyact Demo 示范销售公司"


DEMO_PASSWORD = "keyact-demo-2026"


SMALL_ORDER = "small_order"


SMALL_CUSTOMER = "small_customer"


LARGE_ORDER = "large_order"


LARGE_ACCOUNT = "large_account"


# The teams: (Chinese name, English name), sales mode, the cities (names.CITIES) they cover.
TEAM_NAMES = (
    (("华东团队", "East China"), SMALL_ORDER, (0, 1, 2, 3)),
    (("华北团队", "North China"), LARGE_ORDER, (4, 5)),
    (("大客户团队", "Key Accounts"), LARGE_ACCOUNT, tuple(range(10))),
    (("华南团队", "South China"), SMALL_ORDER, (6, 7)),
    (("西南团队", "Southwest"), LARGE_ORDER, (8,)),
    (("华中团队", "Central China"), LARGE_ACCOUNT, (9,)),
)

# The languages the demo's content is written in (``keyact demo --lang``); Chinese by default.
LANGUAGES = ("zh-hans", "en")
# Chinese demo: the share of customers with a Chinese name; the others are foreign-invested
# firms with an English name, as a Chinese company's customer list has a few.
CHINESE_CUSTOMER_SHARE = 0.95


ACTIVITY_COLUMNS = (
    "id",
    "organization_id",
    "type_id",
    "owner_id",
    "status",
    "occurred_at",
    "ended_at",
    "duration_minutes",
    "customer_id",
    "opportunity_id",
    "subject",
    "outcome",
    "commitment_text",
    "notes",
    "checkin_latitude",
    "checkin_longitude",
    "checkin_accuracy_m",
    "checkin_at",
    "customer_confirmed",
    "customer_confirmed_by",
    "completed_at",
    "created_by_id",
    "created_at",
    "updated_by_id",
    "updated_at",
    "version",
)


DONE = Activity.Status.DONE.value


PLANNED = Activity.Status.PLANNED.value


@dataclass(frozen=True)
class SeedOptions:
    """What to generate. ``activities`` (approximate total) scales the daily volume."""

    slug: str = DEMO_SLUG
    name: str = DEMO_NAME
    reps: int = 30
    months: int = 12
    seed: int = 2026
    today: dt.date | None = None
    activities: int | None = None
    password: str = DEMO_PASSWORD
    language: str = "zh-hans"


@dataclass
class SeedReport:
    """What was created and how long it took."""

    organization_id: int
    counts: dict[str, int]
    seconds: float
    logins: list[tuple[str, str, str]]
    phases: dict[str, float] = field(default_factory=dict)


@dataclass
class Rep:
    """A sales rep with the traits that drive their activity and results."""

    user_id: int
    team: int
    mode: str
    skill: float
    customers: list[int] = field(default_factory=list)
    is_rep_one: bool = False


@dataclass
class CustomerInfo:
    """What the generator needs to know about a customer while writing activities."""

    id: int
    owner_id: int
    chinese: bool
    large: bool
    lat: float
    lng: float
    contact_ids: list[int]
    created: dt.datetime


@dataclass
class Deal:
    """An opportunity being generated, with its timeline."""

    id: int
    rep: Rep
    customer: CustomerInfo
    mode: str
    start: dt.datetime
    end: dt.datetime
    status: str
    stage_index: int
    amount: Decimal
    demo: bool
    reference: bool
    visits: int


def poisson(rnd: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth for small means, a rounded normal for large ones)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rnd.gauss(lam, math.sqrt(lam))))
    limit = math.exp(-lam)
    k, p = 0, rnd.random()
    while p > limit:
        k += 1
        p *= rnd.random()
    return k


def day_factor(day: dt.date) -> float:
    """Relative activity on ``day``: weekday peaks mid-week, quiet weekends, empty holidays."""
    if is_holiday(day):
        return 0.02
    return (0.85, 1.15, 1.2, 1.1, 0.85, 0.08, 0.03)[day.weekday()]


CUSTOMER_CODES = frozenset(
    (
        "communication",
        "visit",
        "appointment",
        "negotiation",
        "product_demo",
        "bid",
        "reference_visit",
    )
)


BACKGROUND_RATE = {SMALL_ORDER: 3.2, LARGE_ORDER: 2.2, LARGE_ACCOUNT: 2.4}
