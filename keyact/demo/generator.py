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

import datetime as dt
import math
import random
import time
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from keyact.activities.models import Activity, ActivityChange, ActivityType, Outcome
from keyact.core.bulk import (
    Row,
    foreign_keys_validated_at_end,
    indexes_rebuilt_at_end,
    is_postgresql,
    lock_and_next_id,
    reset_sequences,
    write_rows,
)
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.demo import names
from keyact.demo.calendar import is_holiday, is_working_day
from keyact.demo.method_story import seed_method_story
from keyact.orgs.models import Department, Membership, Organization, Role
from keyact.orgs.services import member_create, organization_create
from keyact.users.models import User

DEMO_SLUG = "demo"
DEMO_NAME = "Keyact Demo 示范销售公司"
DEMO_PASSWORD = "keyact-demo-2026"

SMALL_ORDER = "small_order"
SMALL_CUSTOMER = "small_customer"
LARGE_ORDER = "large_order"
LARGE_ACCOUNT = "large_account"

TEAM_NAMES = (
    ("华东团队 · East China", SMALL_ORDER, (0, 1, 2, 3)),
    ("华北团队 · North China", LARGE_ORDER, (4, 5)),
    ("大客户团队 · Key Accounts", LARGE_ACCOUNT, tuple(range(10))),
    ("华南团队 · South China", SMALL_ORDER, (6, 7)),
    ("西南团队 · Southwest", LARGE_ORDER, (8,)),
    ("华中团队 · Central China", LARGE_ACCOUNT, (9,)),
)

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


class Generator:
    """Builds one organisation. Use ``run()``; everything random comes from ``self.rnd``."""

    def __init__(self, options: SeedOptions) -> None:
        self.o = options
        self.rnd = random.Random(options.seed)
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.today = options.today or timezone.localdate()
        self.start_day = self.today - dt.timedelta(days=round(options.months * 365.25 / 12))
        self.prefix = "" if options.slug == DEMO_SLUG else f"{options.slug}-"
        self.counts: dict[str, int] = {}
        self.usernames: set[str] = set()
        self.org_id = 0
        self.types: dict[str, int] = {}
        self.key: dict[str, int] = {}
        self.next_activity = 0
        self.participants: list[tuple[int, int]] = []
        self.activity_contacts: list[tuple[int, int]] = []
        self.phases: dict[str, float] = {}
        self._last_mark = time.perf_counter()

    def mark(self, phase: str) -> None:
        """Record how long the phase that just ended took."""
        now = time.perf_counter()
        self.phases[phase] = now - self._last_mark
        self._last_mark = now

    # --- time helpers ------------------------------------------------------------------
    def at(self, day: dt.date, minutes: int) -> dt.datetime:
        """A local time on ``day``, ``minutes`` after midnight."""
        return dt.datetime(day.year, day.month, day.day, tzinfo=self.tz) + dt.timedelta(
            minutes=minutes
        )

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    # --- people --------------------------------------------------------------------------
    def username(self, login: str) -> str:
        base = self.prefix + login
        name, n = base, 1
        while name in self.usernames:
            n += 1
            name = f"{base}{n}"
        self.usernames.add(name)
        return name

    def person_name(self, english: bool) -> names.Person:
        """A Chinese name, or an English given name with a Chinese surname (Emma Li)."""
        rnd = self.rnd
        surname, surname_py = rnd.choice(names.CN_SURNAMES)
        if english:
            given = rnd.choice(names.EN_GIVEN)
            return names.Person(f"{given} {surname_py.title()}", f"{given.lower()}.{surname_py}")
        given_zh, given_py = rnd.choice(names.CN_GIVEN)
        return names.Person(f"{surname}{given_zh}", f"{surname_py}.{given_py}")

    def add_member(
        self,
        org: Organization,
        person: names.Person,
        role: str,
        manager_id: int | None,
        department_id: int | None,
        title: str,
    ) -> int:
        membership = member_create(
            organization=org,
            username=self.username(person.login),
            password=None,
            role=role,
            display_name=person.display,
            manager_id=manager_id,
            department_id=department_id,
            title=title,
        )
        return membership.user_id

    def build_people(self, org: Organization) -> tuple[list[Rep], dict[str, int]]:
        """The reporting tree: admin, director, managers, teams, reps and supporters."""
        o = self.o
        sales = Department.objects.create(
            organization=org, name="销售部 · Sales", kind=Department.Kind.DEPARTMENT
        )
        support = Department.objects.create(
            organization=org, name="销售支持 · Sales support", parent=sales
        )
        key: dict[str, int] = {}
        key["admin"] = self.add_member(org, names.ADMIN, Role.ADMIN, None, None, "系统管理员 Admin")
        key["director"] = self.add_member(
            org, names.DIRECTOR, Role.DEPARTMENT_HEAD, None, sales.pk, "销售总监 Sales director"
        )
        for person, title in names.SUPPORTERS:
            key[person.login] = self.add_member(
                org, person, Role.SUPPORTER, key["director"], support.pk, title
            )
        n_teams = max(3, round(o.reps / 10))
        team_ids: list[int] = []
        team_leads: list[int] = []
        team_modes: list[str] = []
        for t in range(n_teams):
            label, mode, _ = TEAM_NAMES[t % len(TEAM_NAMES)]
            if t >= len(TEAM_NAMES):
                label = f"{label} {t // len(TEAM_NAMES) + 1}"
            team = Department.objects.create(organization=org, name=label, parent=sales)
            team_ids.append(team.pk)
            team_modes.append(mode)
            if t == 2:
                team_leads.append(key["director"])  # the director leads key accounts directly
                continue
            if t < 2:
                person = names.MANAGERS[t]
            else:
                person = names.Person(self.person_name(t % 4 == 3).display, f"manager{t}")
            lead = self.add_member(
                org, person, Role.MANAGER, key["director"], team.pk, "销售经理 Sales manager"
            )
            key.setdefault(person.login, lead)
            team_leads.append(lead)
        reps: list[Rep] = []
        for i in range(o.reps):
            t = i % n_teams
            person = names.REP_ONE if i == 0 else self.person_name(i % 4 == 3)
            user_id = self.add_member(
                org, person, Role.REP, team_leads[t], team_ids[t], "销售代表 Sales rep"
            )
            # Skill: log-normal spread; the rep of the documented login is a solid performer.
            skill = 1.05 if i == 0 else min(2.2, max(0.45, self.rnd.lognormvariate(0, 0.35)))
            reps.append(Rep(user_id, t, team_modes[t], skill, is_rep_one=i == 0))
            if i == 0:
                key["rep"] = user_id
        # One argon2 hash for the shared demo password keeps seeding fast.
        User.objects.filter(membership__organization=org).update(password=make_password(o.password))
        self.counts["users"] = Membership.objects.filter(organization=org).count()
        self.counts["teams"] = n_teams
        return reps, key

    # --- customers -----------------------------------------------------------------------
    def build_customers(self, org: Organization, reps: list[Rep]) -> list[CustomerInfo]:
        rnd = self.rnd
        per_mode = {SMALL_ORDER: 16, LARGE_ORDER: 7, LARGE_ACCOUNT: 4}
        first_id = lock_and_next_id(Customer)
        first_contact = lock_and_next_id(Contact)
        infos: list[CustomerInfo] = []
        rows: list[Row] = []
        contact_rows: list[Row] = []
        seen: set[str] = set()
        next_contact = first_contact
        for rep in reps:
            team_cities = TEAM_NAMES[rep.team % len(TEAM_NAMES)][2]
            for _ in range(per_mode[rep.mode]):
                cid = first_id + len(rows)
                if rep.mode == SMALL_ORDER:
                    size = 0 if rnd.random() < 0.8 else 1
                elif rep.mode == LARGE_ORDER:
                    size = 1 if rnd.random() < 0.5 else 2
                else:
                    size = 2
                employees = (
                    rnd.randint(8, 200),
                    rnd.randint(200, 2000),
                    rnd.randint(2000, 80000),
                )[size]
                revenue = Decimal(employees * rnd.randint(300, 1500) * 1000)
                industry, stems_zh, stems_en = rnd.choice(names.INDUSTRIES)
                city_zh, city_en, lat, lng = names.CITIES[rnd.choice(team_cities)]
                chinese = rnd.random() < 0.7
                stem_zh, stem_en = rnd.choice(stems_zh), rnd.choice(stems_en)
                sector = industry.split(" ", 1)[1]
                # Same stem twice in a city: a different trade-name prefix, as real firms do.
                for prefix_zh, prefix_en in names.NAME_PREFIXES:
                    if chinese:
                        name = f"{city_zh}{prefix_zh}{stem_zh}{names.CN_SUFFIX_BY_SIZE[size]}"
                    else:
                        name = (
                            f"{prefix_en}{stem_en} {sector} ({city_en}) "
                            f"{names.EN_SUFFIX_BY_SIZE[size]}"
                        )
                    if name not in seen:
                        break
                else:
                    name = f"{name} {len(seen)}"
                seen.add(name)
                lat += rnd.uniform(-0.08, 0.08)
                lng += rnd.uniform(-0.08, 0.08)
                created = self.at(self.start_day - dt.timedelta(days=rnd.randint(30, 1400)), 9 * 60)
                contact_ids: list[int] = []
                roles = ["economic", "user", "technical", "coach"][: rnd.randint(1, 2 + size)]
                for role in roles:
                    person = self.person_name(rnd.random() < (0.1 if chinese else 0.6))
                    title = rnd.choice(names.CONTACT_TITLES[role])
                    contact_rows.append(
                        (
                            next_contact,
                            org.pk,
                            cid,
                            person.display,
                            title,
                            f"1{rnd.randint(3, 9)}{rnd.randint(100000000, 999999999)}",
                            f"{person.login}@example.com",
                            role,
                            created,
                            created,
                        )
                    )
                    contact_ids.append(next_contact)
                    next_contact += 1
                rows.append(
                    (
                        cid,
                        org.pk,
                        name,
                        industry,
                        employees,
                        revenue,
                        rep.user_id,
                        f"{city_zh} {city_en}",
                        round(lat, 6),
                        round(lng, 6),
                        created,
                        created,
                    )
                )
                info = CustomerInfo(
                    cid, rep.user_id, chinese, size == 2, lat, lng, contact_ids, created
                )
                infos.append(info)
                rep.customers.append(cid)
        write_rows(
            Customer,
            (
                "id",
                "organization_id",
                "name",
                "industry",
                "employees",
                "annual_revenue",
                "owner_id",
                "address",
                "latitude",
                "longitude",
                "created_at",
                "updated_at",
            ),
            rows,
        )
        write_rows(
            Contact,
            (
                "id",
                "organization_id",
                "customer_id",
                "name",
                "title",
                "phone",
                "email",
                "buying_role",
                "created_at",
                "updated_at",
            ),
            contact_rows,
        )
        self.counts["customers"] = len(rows)
        self.counts["contacts"] = len(contact_rows)
        return infos

    # --- deals ---------------------------------------------------------------------------
    def plan_deals(self, reps: list[Rep], customers: dict[int, CustomerInfo]) -> list[Deal]:
        """Decide every opportunity: mode, customer, timeline, the key activities, the outcome."""
        rnd = self.rnd
        first_id = lock_and_next_id(Opportunity)
        deals: list[Deal] = []
        now = self.at(self.today, 0)
        window = (self.today - self.start_day).days
        # mode: (new deals a month, cycle days, amount range, base win rate)
        params = {
            SMALL_ORDER: (4.0, (7, 40), (8_000, 80_000), 0.30),
            SMALL_CUSTOMER: (0.0, (4, 20), (5_000, 50_000), 0.60),
            LARGE_ORDER: (1.4, (45, 160), (300_000, 3_000_000), 0.22),
            LARGE_ACCOUNT: (0.8, (30, 120), (500_000, 6_000_000), 0.40),
        }

        def add(rep: Rep, customer: CustomerInfo, mode: str, start: dt.datetime) -> Deal:
            _, (lo, hi), (a_lo, a_hi), base = params[mode]
            large = mode in (LARGE_ORDER, LARGE_ACCOUNT)
            skill = rep.skill
            demo = rnd.random() < min(0.95, (0.65 if large else 0.3) * skill)
            reference = large and rnd.random() < min(0.8, 0.22 * skill)
            visits = poisson(rnd, (3.0 if large else 0.8) * skill)
            p_win = base * (0.6 + 0.45 * demo + 0.5 * reference + 0.06 * visits) * skill
            won = rnd.random() < min(0.92, max(0.04, p_win))
            end = start + dt.timedelta(days=rnd.randint(lo, hi), minutes=rnd.randint(0, 300))
            amount = Decimal(round(rnd.uniform(a_lo, a_hi), -2 if large else -1)).quantize(
                Decimal("0.01")
            )
            if end >= now:
                elapsed = (now - start) / (end - start)
                status, stage_index = "open", min(4, max(0, int(elapsed * 5)))
            else:
                status = "won" if won else "lost"
                stage_index = 5 if won else 6
            deal = Deal(
                first_id + len(deals),
                rep,
                customer,
                mode,
                start,
                end,
                status,
                stage_index,
                amount,
                demo,
                reference,
                visits,
            )
            deals.append(deal)
            return deal

        for rep in reps:
            rate, *_ = params[rep.mode]
            own = [customers[c] for c in rep.customers]
            won_customers: set[int] = set()
            if rep.mode == LARGE_ACCOUNT:
                # Key accounts are existing customers: each won a deal before the window.
                for customer in own:
                    start = self.at(
                        self.start_day - dt.timedelta(days=rnd.randint(200, 500)), 10 * 60
                    )
                    deal = add(rep, customer, LARGE_ACCOUNT, start)
                    deal.status, deal.stage_index = "won", 5
                    won_customers.add(customer.id)
            for day_offset in range(window):
                day = self.start_day + dt.timedelta(days=day_offset)
                if not is_working_day(day):
                    continue
                for _ in range(poisson(rnd, rate * 12 / 250 * rep.skill**0.8)):
                    customer = rnd.choice(own)
                    mode = rep.mode
                    if rep.mode == SMALL_ORDER and customer.id in won_customers:
                        mode = SMALL_CUSTOMER
                    deal = add(rep, customer, mode, self.at(day, rnd.randint(540, 1050)))
                    if deal.status == "won":
                        won_customers.add(customer.id)
                # Existing small customers come back for repeat orders.
                if rep.mode in (SMALL_ORDER, LARGE_ACCOUNT) and won_customers:
                    for cid in sorted(won_customers):
                        if rnd.random() < 0.012:
                            add(
                                rep,
                                customers[cid],
                                SMALL_CUSTOMER,
                                self.at(day, rnd.randint(540, 1050)),
                            )
        return deals

    def write_deals(self, org: Organization, deals: list[Deal], stages: list[Stage]) -> None:
        """Opportunities and their stage history (progression by timestamps, then won/lost)."""
        rnd = self.rnd
        opp_rows: list[Row] = []
        change_rows: list[Row] = []
        next_change = lock_and_next_id(StageChange)
        open_stages, won, lost = stages[:5], stages[5], stages[6]
        for deal in deals:
            if deal.status == "open":
                path = open_stages[: deal.stage_index + 1]
                horizon = min(self.at(self.today, 0), deal.end)
            elif deal.status == "won":
                skip = deal.mode in (SMALL_ORDER, SMALL_CUSTOMER) and rnd.random() < 0.5
                path = [s for i, s in enumerate(open_stages) if not (skip and i in (1, 4))]
                path.append(won)
                horizon = deal.end
            else:
                reached = rnd.randint(1, 5)
                path = [*open_stages[:reached], lost]
                horizon = deal.end
            span = horizon - deal.start
            steps = len(path)
            previous: Stage | None = None
            last_at = deal.start
            for i, stage in enumerate(path):
                if i == 0:
                    when = deal.start
                elif deal.status != "open" and i == steps - 1:
                    when = deal.end
                else:
                    when = (
                        deal.start + span * (i / steps) + dt.timedelta(minutes=rnd.randint(0, 90))
                    )
                    when = min(when, horizon)
                last_at = max(last_at, when)
                change_rows.append(
                    (
                        next_change,
                        deal.id,
                        previous.pk if previous else None,
                        stage.pk,
                        last_at,
                        deal.rep.user_id,
                    )
                )
                next_change += 1
                previous = stage
            assert previous is not None
            closed = deal.end.astimezone(self.tz).date() if deal.status != "open" else None
            product = rnd.choice(
                names.PRODUCTS_LARGE
                if deal.mode in (LARGE_ORDER, LARGE_ACCOUNT)
                else names.PRODUCTS_SMALL
            )
            label = {
                SMALL_ORDER: "新客户",
                SMALL_CUSTOMER: "复购",
                LARGE_ORDER: "新项目",
                LARGE_ACCOUNT: "大客户",
            }[deal.mode]
            opp_rows.append(
                (
                    deal.id,
                    org.pk,
                    deal.customer.id,
                    deal.rep.user_id,
                    f"{product} · {label}",
                    deal.amount,
                    org.default_currency,
                    previous.pk,
                    deal.status,
                    names.SOURCES[4]
                    if deal.mode in (SMALL_CUSTOMER, LARGE_ACCOUNT)
                    else rnd.choice(names.SOURCES[:4]),
                    deal.end.astimezone(self.tz).date(),
                    closed,
                    deal.start,
                    last_at,
                )
            )
        write_rows(
            Opportunity,
            (
                "id",
                "organization_id",
                "customer_id",
                "owner_id",
                "name",
                "amount",
                "currency",
                "stage_id",
                "status",
                "source",
                "expected_close_date",
                "closed_date",
                "created_at",
                "updated_at",
            ),
            opp_rows,
        )
        write_rows(
            StageChange,
            ("id", "opportunity_id", "from_stage_id", "to_stage_id", "changed_at", "changed_by_id"),
            change_rows,
        )
        self.counts["opportunities"] = len(opp_rows)
        self.counts["stage_changes"] = len(change_rows)
        for status in ("won", "lost", "open"):
            self.counts[f"opportunities_{status}"] = sum(d.status == status for d in deals)

    # --- activities ----------------------------------------------------------------------
    def activity(
        self,
        *,
        type_code: str,
        rep: Rep,
        start: dt.datetime,
        minutes: int,
        customer: CustomerInfo | None = None,
        opportunity_id: int | None = None,
        outcome: str = "",
        status: str = DONE,
    ) -> Row:
        """One activity row, filled like the services would fill it."""
        rnd = self.rnd
        aid = self.next_activity
        self.next_activity += 1
        chinese = customer.chinese if customer else rnd.random() < 0.7
        subject = rnd.choice(names.SUBJECTS[type_code][0 if chinese else 1])
        commitment = ""
        if outcome == Outcome.COMMITMENT:
            commitment = rnd.choice(names.COMMITMENTS[0 if chinese else 1])
        notes = rnd.choice(names.NOTES[0 if chinese else 1]) if rnd.random() < 0.08 else ""
        end = start + dt.timedelta(minutes=minutes)
        lat = lng = acc = checkin_at = None
        confirmed = False
        confirmed_by = ""
        if status == DONE and type_code == "visit" and customer and rnd.random() < 0.85:
            lat = round(customer.lat + rnd.uniform(-0.0008, 0.0008), 6)
            lng = round(customer.lng + rnd.uniform(-0.0008, 0.0008), 6)
            acc = float(rnd.randint(5, 80))
            checkin_at = start
            if customer.contact_ids and rnd.random() < 0.3:
                confirmed, confirmed_by = True, "客户确认" if chinese else "Confirmed on site"
        if status == DONE:
            logged = end + dt.timedelta(minutes=rnd.randint(2, 180))
            completed = end
        else:
            logged = start - dt.timedelta(days=rnd.randint(1, 6), minutes=rnd.randint(0, 600))
            completed = None
            outcome = ""
        return (
            aid,
            self.org_id,
            self.types[type_code],
            rep.user_id,
            status,
            start,
            end if status == DONE else None,
            minutes,
            customer.id if customer else None,
            opportunity_id,
            subject,
            outcome,
            commitment,
            notes,
            lat,
            lng,
            acc,
            checkin_at,
            confirmed,
            confirmed_by,
            completed,
            rep.user_id,
            logged,
            rep.user_id,
            logged,
            1,
        )

    def outcome_for(self, type_code: str, skill: float) -> str:
        """A SPIN outcome; better reps get more advances and commitments."""
        r = self.rnd.random()
        tilt = min(0.15, 0.1 * (skill - 1))
        if type_code in ("communication", "appointment"):
            bands = (0.0, 0.2 + tilt, 0.3 + tilt * 2, 0.88)
        else:
            bands = (0.0, 0.3 + tilt, 0.5 + tilt * 2, 0.9)
        if r < bands[1]:
            return Outcome.ADVANCE
        if r < bands[2]:
            return Outcome.COMMITMENT
        if r < bands[3]:
            return Outcome.CONTINUATION
        return Outcome.NO_SALE

    def when(self, moment: dt.datetime) -> dt.datetime:
        """Move a deal moment to working hours on a working day (sometimes a weekend stays)."""
        local = moment.astimezone(self.tz)
        day = local.date()
        if not is_working_day(day) and (is_holiday(day) or self.rnd.random() < 0.9):
            day = self.working_day_on_or_after(day)
        return self.at(day, self.rnd.randint(9 * 60, 17 * 60 + 30))

    def deal_activities(self, deal: Deal, horizon: dt.datetime) -> list[Row]:
        """The activities that move one deal, in its timeline, up to ``horizon``."""
        rnd = self.rnd
        rep, customer = deal.rep, deal.customer
        large = deal.mode in (LARGE_ORDER, LARGE_ACCOUNT)
        end = min(deal.end, horizon)
        span = end - deal.start
        plan: list[tuple[float, str]] = [(0.0, "communication")]
        plan += [(rnd.uniform(0.02, 0.95), "communication") for _ in range(rnd.randint(1, 3))]
        if large:
            plan += [(rnd.uniform(0.05, 0.95), "communication") for _ in range(rnd.randint(3, 8))]
            plan.append((rnd.uniform(0.1, 0.3), "appointment"))
            if rnd.random() < 0.7:
                plan.append((rnd.uniform(0.3, 0.45), "presales_consult"))
            if deal.mode == LARGE_ORDER and rnd.random() < 0.6:
                plan.append((rnd.uniform(0.6, 0.75), "bid"))
        plan += [(rnd.uniform(0.05, 0.9), "visit") for _ in range(deal.visits)]
        if deal.demo:
            plan.append((rnd.uniform(0.35, 0.55), "product_demo"))
        if deal.reference:
            plan.append((rnd.uniform(0.55, 0.75), "reference_visit"))
        if deal.status == "won" and deal.end <= horizon:
            plan.append((0.85, "negotiation"))
            if large:
                plan.append((0.9, "legal_review"))
        plan.sort()
        rows: list[Row] = []
        for fraction, code in plan:
            start = self.when(deal.start + span * fraction)
            if start >= horizon or (deal.status != "open" and start > deal.end):
                continue
            minutes = 20 if code == "communication" else rnd.choice((45, 60, 90, 120))
            outcome = self.outcome_for(code, rep.skill) if code in CUSTOMER_CODES else ""
            row = self.activity(
                type_code=code,
                rep=rep,
                start=start,
                minutes=minutes,
                customer=customer,
                opportunity_id=deal.id,
                outcome=outcome,
            )
            rows.append(row)
            if code in ("presales_consult", "product_demo") and large:
                self.participants.append((row[0], self.key["presales"]))
            elif code == "legal_review":
                self.participants.append((row[0], self.key["legal"]))
            if code in ("visit", "product_demo", "appointment") and customer.contact_ids:
                self.activity_contacts.append((row[0], rnd.choice(customer.contact_ids)))
        if deal.status != "open" and deal.end <= horizon:
            # The closing touch: the order on the won date, the no-sale on the lost date.
            closing = self.at(deal.end.astimezone(self.tz).date(), rnd.randint(10 * 60, 17 * 60))
            rows.append(
                self.activity(
                    type_code="negotiation" if deal.status == "won" else "communication",
                    rep=rep,
                    start=closing,
                    minutes=60 if deal.status == "won" else 15,
                    customer=customer,
                    opportunity_id=deal.id,
                    outcome=Outcome.ORDER if deal.status == "won" else Outcome.NO_SALE,
                )
            )
        elif deal.status == "open":
            # Open deals have a next step planned in the coming days.
            day = self.working_day_on_or_after(self.today + dt.timedelta(days=rnd.randint(1, 8)))
            rows.append(
                self.activity(
                    type_code=rnd.choice(("visit", "communication", "product_demo")),
                    rep=rep,
                    start=self.at(day, rnd.choice((600, 660, 840, 900, 960))),
                    minutes=60,
                    customer=customer,
                    opportunity_id=deal.id,
                    status=PLANNED,
                )
            )
        return rows

    def background(self, rep: Rep, customers: list[CustomerInfo], scale: float) -> Iterator[Row]:
        """Daily work outside tracked deals: calls, visits, meetings, coaching, self-reviews."""
        rnd = self.rnd
        horizon_day = self.today
        weights = [
            ("communication", 50.0),
            ("visit", 22.0 * rep.skill),
            ("appointment", 8.0),
            ("product_demo", 4.0 * rep.skill),
            ("reference_visit", 0.8 * rep.skill),
            ("delivery_handover", 1.5),
        ]
        codes = [w[0] for w in weights]
        cum = list(accumulate(w[1] for w in weights))
        total = cum[-1]
        base = BACKGROUND_RATE[rep.mode] * scale * rep.skill**0.5
        day = self.start_day
        while day < horizon_day:
            factor = day_factor(day)
            weekday = day.weekday()
            if weekday == 0 and not is_holiday(day):
                yield self.activity(
                    type_code="team_meeting", rep=rep, start=self.at(day, 9 * 60), minutes=60
                )
            if day.day in (8, 22) and is_working_day(day) and rnd.random() < 0.6:
                yield self.activity(
                    type_code="coaching", rep=rep, start=self.at(day, 16 * 60), minutes=45
                )
            if day.day == 28 and is_working_day(day):
                yield self.activity(
                    type_code="review_check", rep=rep, start=self.at(day, 17 * 60), minutes=30
                )
            n = poisson(rnd, base * factor)
            if n:
                slots = sorted(rnd.randint(8 * 60 + 30, 18 * 60 + 30) for _ in range(n))
                for minute in slots:
                    code = codes[bisect(cum, rnd.random() * total)]
                    customer = customers[int(rnd.random() * len(customers))]
                    minutes = 15 if code == "communication" else 60
                    yield self.activity(
                        type_code=code,
                        rep=rep,
                        start=self.at(day, minute),
                        minutes=minutes,
                        customer=customer,
                        outcome=self.outcome_for(code, rep.skill),
                    )
                    if code == "visit" and rnd.random() < 0.2 * rep.skill:
                        yield self.activity(
                            type_code="self_review",
                            rep=rep,
                            start=self.at(day, min(minute + 90, 20 * 60)),
                            minutes=10,
                        )
            day += dt.timedelta(days=1)

    def planned(self, rep: Rep, customers: list[CustomerInfo]) -> list[Row]:
        """Planned work: a few upcoming days for everyone, and My day for the rep login."""
        rnd = self.rnd
        rows: list[Row] = []
        overdue_days: tuple[int, ...]
        if rep.is_rep_one:
            today = [(10 * 60, "visit"), (14 * 60, "product_demo"), (16 * 60 + 30, "communication")]
            for minute, code in today:
                rows.append(
                    self.activity(
                        type_code=code,
                        rep=rep,
                        start=self.at(self.today, minute),
                        minutes=60,
                        customer=customers[len(rows) % len(customers)],
                        status=PLANNED,
                    )
                )
            overdue_days = (1, 2, 4)
        else:
            overdue_days = tuple(d for d in (1, 3) if rnd.random() < 0.15)
        for back in overdue_days:
            rows.append(
                self.activity(
                    type_code=rnd.choice(("communication", "visit")),
                    rep=rep,
                    start=self.at(self.today - dt.timedelta(days=back), 15 * 60),
                    minutes=30,
                    customer=rnd.choice(customers),
                    status=PLANNED,
                )
            )
        for ahead in range(1, 8):
            day = self.today + dt.timedelta(days=ahead)
            if not is_working_day(day):
                continue
            for _ in range(rnd.randint(0, 2)):
                rows.append(
                    self.activity(
                        type_code=rnd.choice(("visit", "communication", "appointment")),
                        rep=rep,
                        start=self.at(day, rnd.choice((570, 630, 840, 930, 1000))),
                        minutes=60,
                        customer=rnd.choice(customers),
                        status=PLANNED,
                    )
                )
        return rows

    def expected_background(self, reps: list[Rep]) -> tuple[float, float]:
        """The mean number of background activities: (the part that scales with the daily
        volume at scale 1, the fixed part: meetings, coaching, reviews)."""
        days = [
            self.start_day + dt.timedelta(days=i) for i in range((self.today - self.start_day).days)
        ]
        day_sum = sum(day_factor(d) for d in days)
        mondays = sum(1 for d in days if d.weekday() == 0 and not is_holiday(d))
        coaching = 0.6 * sum(1 for d in days if d.day in (8, 22) and is_working_day(d))
        reviews = sum(1 for d in days if d.day == 28 and is_working_day(d))
        variable = 0.0
        for rep in reps:
            weights = 59.5 + 26.8 * rep.skill
            visit_share = 22.0 * rep.skill / weights
            per_day = BACKGROUND_RATE[rep.mode] * rep.skill**0.5
            variable += per_day * day_sum * (1 + visit_share * min(1.0, 0.2 * rep.skill))
        return variable, len(reps) * (mondays + coaching + reviews)

    def write_activities(
        self, reps: list[Rep], deals: list[Deal], customers: dict[int, CustomerInfo]
    ) -> None:
        horizon = self.at(self.today, 0)
        self.next_activity = lock_and_next_id(Activity)
        deal_rows: list[Row] = []
        for deal in deals:
            if deal.end > self.at(self.start_day, 0) or deal.status == "open":
                deal_rows.extend(self.deal_activities(deal, horizon))
        planned_rows: list[Row] = []
        for rep in reps:
            planned_rows.extend(self.planned(rep, [customers[c] for c in rep.customers]))
        scale = 1.0
        if self.o.activities:
            variable, fixed = self.expected_background(reps)
            wanted = self.o.activities - len(deal_rows) - len(planned_rows) - fixed
            scale = max(0.0, wanted / max(1.0, variable))

        def rows() -> Iterator[Row]:
            yield from deal_rows
            yield from planned_rows
            for rep in reps:
                yield from self.background(rep, [customers[c] for c in rep.customers], scale)

        self.mark("plan activities")
        with indexes_rebuilt_at_end(Activity, self.o.activities or 0):
            count = write_rows(Activity, ACTIVITY_COLUMNS, rows())
            self.mark("write activities")
        self.mark("build activity indexes")
        through_participants = Activity.participants.through
        through_contacts = Activity.contacts.through
        first_p = lock_and_next_id(through_participants)
        write_rows(
            through_participants,
            ("id", "activity_id", "user_id"),
            [(first_p + i, a, u) for i, (a, u) in enumerate(self.participants)],
        )
        first_c = lock_and_next_id(through_contacts)
        write_rows(
            through_contacts,
            ("id", "activity_id", "contact_id"),
            [(first_c + i, a, c) for i, (a, c) in enumerate(self.activity_contacts)],
        )
        self.counts["activities"] = count
        self.counts["activities_planned"] = sum(r[4] == PLANNED for r in planned_rows) + sum(
            r[4] == PLANNED for r in deal_rows
        )
        self.counts["participants"] = len(self.participants)

    # --- the whole organisation --------------------------------------------------------------
    def run(self) -> SeedReport:
        started = time.perf_counter()
        with transaction.atomic():
            org = organization_create(name=self.o.name, slug=self.o.slug)
            self.org_id = org.pk
            self.types = dict(
                ActivityType.objects.filter(organization=org).values_list("code", "id")
            )
            stages = list(Stage.objects.filter(organization=org).order_by("order"))
            reps, self.key = self.build_people(org)
            infos = self.build_customers(org, reps)
            customers = {c.id: c for c in infos}
            self.mark("people and customers")
            deals = self.plan_deals(reps, customers)
            self.write_deals(org, deals, stages)
            self.mark("deals")
            with foreign_keys_validated_at_end(Activity, ActivityChange):
                self.write_activities(reps, deals, customers)
            self.mark("validate foreign keys")
            reset_sequences(
                Customer,
                Contact,
                Opportunity,
                StageChange,
                Activity,
                Activity.participants.through,
                Activity.contacts.through,
            )
            self.mark("other")
        self.mark("commit (deferred checks)")
        if is_postgresql():
            with connection.cursor() as cursor:
                for model in (Activity, ActivityChange, Opportunity, Customer):
                    cursor.execute(f'ANALYZE "{model._meta.db_table}"')
            self.mark("analyze")
        key_activity = seed_method_story(
            organization_id=org.pk, prefix=self.prefix, today=self.today
        )
        self.counts["key_activities_published"] = 1 if key_activity.status == "published" else 0
        # The story logs this month's invitations and visits through the service.
        self.counts["activities"] = Activity.objects.filter(organization_id=org.pk).count()
        self.mark("method story (playbook, candidates, key activity)")
        logins = [
            (self.prefix + login, role, self.o.password)
            for login, role in (
                ("admin", "admin"),
                ("director", "department head"),
                ("manager", "manager"),
                ("rep", "rep (reports to manager)"),
            )
        ]
        return SeedReport(
            org.pk, self.counts, time.perf_counter() - started, logins, dict(self.phases)
        )


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


def seed_organization(options: SeedOptions) -> SeedReport:
    """Create and fill one organisation; refuses a slug that exists."""
    return Generator(options).run()


def taken_logins(slug: str) -> list[str]:
    """The documented logins of a seed for ``slug`` that other users already hold."""
    prefix = "" if slug == DEMO_SLUG else f"{slug}-"
    wanted = [prefix + login for login in ("admin", "director", "manager", "rep")]
    return sorted(User.objects.filter(username__in=wanted).values_list("username", flat=True))


def organization_exists(slug: str) -> bool:
    """Whether an organisation with ``slug`` exists."""
    return Organization.objects.filter(slug=slug).exists()
