"""The demo's opportunities: planned per rep and customer, written with their stage history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from keyact.core.bulk import (
    Row,
    lock_and_next_id,
    write_rows,
)
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.demo import names
from keyact.demo.calendar import is_working_day
from keyact.demo.generator.base import GeneratorBase
from keyact.demo.generator.parameters import (
    LARGE_ACCOUNT,
    LARGE_ORDER,
    SMALL_CUSTOMER,
    SMALL_ORDER,
    CustomerInfo,
    Deal,
    Rep,
    poisson,
)
from keyact.orgs.models import Organization

# mode: (new deals a month, cycle days, amount range, base win rate)
DEAL_PARAMS: dict[str, tuple[float, tuple[int, int], tuple[int, int], float]] = {
    SMALL_ORDER: (4.0, (7, 40), (8_000, 80_000), 0.30),
    SMALL_CUSTOMER: (0.0, (4, 20), (5_000, 50_000), 0.60),
    LARGE_ORDER: (1.4, (45, 160), (300_000, 3_000_000), 0.22),
    LARGE_ACCOUNT: (0.8, (30, 120), (500_000, 6_000_000), 0.40),
}

# Adds a planned deal (rep, customer, mode, start) and returns it.
_AddDeal = Callable[[Rep, CustomerInfo, str, dt.datetime], Deal]


class DealsMixin(GeneratorBase):
    """Opportunities and their stage changes."""

    def plan_deals(self, reps: list[Rep], customers: dict[int, CustomerInfo]) -> list[Deal]:
        """Decide every opportunity: mode, customer, timeline, the key activities, the outcome."""
        first_id = lock_and_next_id(Opportunity)
        deals: list[Deal] = []
        now = self.at(self.today, 0)

        def add(rep: Rep, customer: CustomerInfo, mode: str, start: dt.datetime) -> Deal:
            deal = self._draw_deal(first_id + len(deals), rep, customer, mode, start, now)
            deals.append(deal)
            return deal

        for rep in reps:
            self._plan_rep_deals(rep, customers, add)
        return deals

    def _draw_deal(
        self,
        deal_id: int,
        rep: Rep,
        customer: CustomerInfo,
        mode: str,
        start: dt.datetime,
        now: dt.datetime,
    ) -> Deal:
        """One opportunity: its key activities, outcome, end and amount (open if it ends later
        than now, at the stage its elapsed share of time reaches)."""
        rnd = self.rnd
        _, (lo, hi), (a_lo, a_hi), base = DEAL_PARAMS[mode]
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
        return Deal(
            deal_id,
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

    def _plan_rep_deals(self, rep: Rep, customers: dict[int, CustomerInfo], add: _AddDeal) -> None:
        """One rep's opportunities: key accounts' earlier wins, then each working day's new
        deals and repeat orders."""
        rnd = self.rnd
        rate, *_ = DEAL_PARAMS[rep.mode]
        own = [customers[c] for c in rep.customers]
        won_customers: set[int] = set()
        if rep.mode == LARGE_ACCOUNT:
            # Key accounts are existing customers: each won a deal before the window.
            for customer in own:
                start = self.at(self.start_day - dt.timedelta(days=rnd.randint(200, 500)), 10 * 60)
                deal = add(rep, customer, LARGE_ACCOUNT, start)
                deal.status, deal.stage_index = "won", 5
                won_customers.add(customer.id)
        for day_offset in range((self.today - self.start_day).days):
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
            self._repeat_orders(rep, day, customers, won_customers, add)

    def _repeat_orders(
        self,
        rep: Rep,
        day: dt.date,
        customers: dict[int, CustomerInfo],
        won_customers: set[int],
        add: _AddDeal,
    ) -> None:
        """Existing small customers come back for repeat orders."""
        if rep.mode not in (SMALL_ORDER, LARGE_ACCOUNT) or not won_customers:
            return
        for cid in sorted(won_customers):
            if self.rnd.random() < 0.012:
                add(rep, customers[cid], SMALL_CUSTOMER, self.at(day, self.rnd.randint(540, 1050)))

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
            side = 0 if self.zh else 1
            product = rnd.choice(
                names.PRODUCTS_LARGE[side]
                if deal.mode in (LARGE_ORDER, LARGE_ACCOUNT)
                else names.PRODUCTS_SMALL[side]
            )
            label = names.DEAL_LABELS[deal.mode][side]
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
                    names.SOURCES[side][4]
                    if deal.mode in (SMALL_CUSTOMER, LARGE_ACCOUNT)
                    else rnd.choice(names.SOURCES[side][:4]),
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
