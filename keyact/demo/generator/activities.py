"""The demo's year of activities: along each deal, in the background, and planned ahead."""

from __future__ import annotations

import datetime as dt
from bisect import bisect
from collections.abc import Iterator
from itertools import accumulate

from keyact.activities.models import Activity, Outcome
from keyact.core.bulk import (
    Row,
    indexes_rebuilt_at_end,
    lock_and_next_id,
    write_rows,
)
from keyact.demo import names
from keyact.demo.calendar import is_holiday, is_working_day
from keyact.demo.generator.base import GeneratorBase
from keyact.demo.generator.parameters import (
    ACTIVITY_COLUMNS,
    BACKGROUND_RATE,
    CUSTOMER_CODES,
    DONE,
    LARGE_ACCOUNT,
    LARGE_ORDER,
    PLANNED,
    CustomerInfo,
    Deal,
    Rep,
    day_factor,
    poisson,
)


class ActivitiesMixin(GeneratorBase):
    """Activities done and planned, with participants and contacts."""

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
        if customer is None:
            rnd.random()  # (kept: the same draws as before, so a seed keeps its story)
        # Reps write in the organisation's language, whatever the customer's name.
        side = 0 if self.zh else 1
        subject = rnd.choice(names.SUBJECTS[type_code][side])
        commitment = ""
        if outcome == Outcome.COMMITMENT:
            commitment = rnd.choice(names.COMMITMENTS[side])
        notes = rnd.choice(names.NOTES[side]) if rnd.random() < 0.08 else ""
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
                confirmed, confirmed_by = True, names.CONFIRMED_BY[side]
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
        large = deal.mode in (LARGE_ORDER, LARGE_ACCOUNT)
        end = min(deal.end, horizon)
        span = end - deal.start
        rows: list[Row] = []
        for fraction, code in self._deal_plan(deal, horizon, large):
            start = self.when(deal.start + span * fraction)
            if start >= horizon or (deal.status != "open" and start > deal.end):
                continue
            rows.append(self._deal_step(deal, code, start, large))
        closing = self._deal_next_or_closing(deal, horizon)
        if closing is not None:
            rows.append(closing)
        return rows

    def _deal_plan(self, deal: Deal, horizon: dt.datetime, large: bool) -> list[tuple[float, str]]:
        """A deal's activities as (share of its timeline, type code), in order."""
        rnd = self.rnd
        plan: list[tuple[float, str]] = [(0.0, "communication")]
        plan += [(rnd.uniform(0.02, 0.95), "communication") for _ in range(rnd.randint(1, 3))]
        if large:
            plan += self._large_deal_plan(deal)
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
        return plan

    def _large_deal_plan(self, deal: Deal) -> list[tuple[float, str]]:
        """The extra communication, the appointment, presales and the bid of a large deal."""
        rnd = self.rnd
        plan = [(rnd.uniform(0.05, 0.95), "communication") for _ in range(rnd.randint(3, 8))]
        plan.append((rnd.uniform(0.1, 0.3), "appointment"))
        if rnd.random() < 0.7:
            plan.append((rnd.uniform(0.3, 0.45), "presales_consult"))
        if deal.mode == LARGE_ORDER and rnd.random() < 0.6:
            plan.append((rnd.uniform(0.6, 0.75), "bid"))
        return plan

    def _deal_step(self, deal: Deal, code: str, start: dt.datetime, large: bool) -> Row:
        """One done activity of a deal, with its participants and contact."""
        rnd = self.rnd
        minutes = 20 if code == "communication" else rnd.choice((45, 60, 90, 120))
        outcome = self.outcome_for(code, deal.rep.skill) if code in CUSTOMER_CODES else ""
        row = self.activity(
            type_code=code,
            rep=deal.rep,
            start=start,
            minutes=minutes,
            customer=deal.customer,
            opportunity_id=deal.id,
            outcome=outcome,
        )
        if code in ("presales_consult", "product_demo") and large:
            self.participants.append((row[0], self.key["presales"]))
        elif code == "legal_review":
            self.participants.append((row[0], self.key["legal"]))
        if code in ("visit", "product_demo", "appointment") and deal.customer.contact_ids:
            self.activity_contacts.append((row[0], rnd.choice(deal.customer.contact_ids)))
        return row

    def _deal_next_or_closing(self, deal: Deal, horizon: dt.datetime) -> Row | None:
        """A closed deal's closing touch (the order on the won date, the no-sale on the lost
        date); an open deal's next step, planned in the coming days."""
        rnd = self.rnd
        if deal.status != "open" and deal.end <= horizon:
            won = deal.status == "won"
            closing = self.at(deal.end.astimezone(self.tz).date(), rnd.randint(10 * 60, 17 * 60))
            return self.activity(
                type_code="negotiation" if won else "communication",
                rep=deal.rep,
                start=closing,
                minutes=60 if won else 15,
                customer=deal.customer,
                opportunity_id=deal.id,
                outcome=Outcome.ORDER if won else Outcome.NO_SALE,
            )
        if deal.status != "open":
            return None
        day = self.working_day_on_or_after(self.today + dt.timedelta(days=rnd.randint(1, 8)))
        return self.activity(
            type_code=rnd.choice(("visit", "communication", "product_demo")),
            rep=deal.rep,
            start=self.at(day, rnd.choice((600, 660, 840, 900, 960))),
            minutes=60,
            customer=deal.customer,
            opportunity_id=deal.id,
            status=PLANNED,
        )

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
