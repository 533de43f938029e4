"""The demo organisation: people, customers, deals in all four sales modes and a year of activity.

``seed_organization`` is deterministic: the same options (seed and ``today`` included) produce
the same rows. It writes through ``keyact.core.bulk`` (COPY on PostgreSQL), so it also serves to
load millions of activities for the benchmarks. Every invariant the services keep holds:
organisation ids agree, an activity's customer is its opportunity's customer, an opportunity's
status and closed date follow its stage, its stage is the last recorded stage change, done
activities have a completion time, and a commitment outcome carries its text. (An activity's
creation is recorded on its own row, created_by and created_at; the audit table holds only later
changes, so seeding writes none.)

The story (what a prospect sees first): a director runs the sales department; the East China
team (manager ``manager``) sells small orders to many new small customers and turns them into
repeat buyers; the North China team (manager ``manager2``) chases large new deals; the Key
Accounts team, led by the director, grows large existing accounts. Top performers visit and demo
more and win more; weekends are quiet, Spring Festival and National Day weeks are empty, every
Monday starts with a team meeting.
"""

from __future__ import annotations

from keyact.demo.generator.organization import (
    Generator,
    organization_exists,
    seed_organization,
    taken_logins,
)
from keyact.demo.generator.parameters import (
    ACTIVITY_COLUMNS,
    BACKGROUND_RATE,
    CUSTOMER_CODES,
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SLUG,
    DONE,
    LANGUAGES,
    LARGE_ACCOUNT,
    LARGE_ORDER,
    PLANNED,
    SMALL_CUSTOMER,
    SMALL_ORDER,
    TEAM_NAMES,
    CustomerInfo,
    Deal,
    Rep,
    SeedOptions,
    SeedReport,
    day_factor,
    poisson,
)

__all__ = [
    "ACTIVITY_COLUMNS",
    "BACKGROUND_RATE",
    "CUSTOMER_CODES",
    "DEMO_NAME",
    "DEMO_PASSWORD",
    "DEMO_SLUG",
    "DONE",
    "LANGUAGES",
    "LARGE_ACCOUNT",
    "LARGE_ORDER",
    "PLANNED",
    "SMALL_CUSTOMER",
    "SMALL_ORDER",
    "TEAM_NAMES",
    "CustomerInfo",
    "Deal",
    "Generator",
    "Rep",
    "SeedOptions",
    "SeedReport",
    "day_factor",
    "organization_exists",
    "poisson",
    "seed_organization",
    "taken_logins",
]
