"""The supervision part of the demo: three months of tracked history on two published key
activities, reviews on the tracking frequency with follow-ups, coaching notes, and a few
people clearly behind — so the team board tells a story on first start.

The key activities, owners, targets and publishing go through the services; the history
(past activities, past reviews with the numbers of their day) is written as the seed writes
everything else, because services only record the present.
"""

# ruff: noqa: RUF001 (Chinese text uses full-width punctuation)
from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.conf import settings
from django.utils import timezone

from keyact.activities.models import Activity, ActivityType
from keyact.customers.models import Customer
from keyact.keyactivities.models import KeyActivity, Target
from keyact.keyactivities.periods import period_bounds
from keyact.keyactivities.services import (
    OwnerSpec,
    guide_step_add,
    key_activity_create,
    key_activity_publish,
    key_activity_set_quality,
    key_activity_update,
    owners_set,
    target_set,
    targets_generate,
)
from keyact.orgs.models import Membership
from keyact.tracking.models import CalendarSetting, CoachingNote, FollowUp, Review
from keyact.tracking.presenters import progress_data
from keyact.tracking.progress import progress_compute
from keyact.tracking.schedule import review_due_dates
from keyact.tracking.selectors import calendar_get, published_key_activities
from keyact.users.models import User

HISTORY_MONTHS = 3
# Share of the target each rep reaches, by position in the team: most near or above it, the
# last two clearly behind (and slipping this month).
# Each rep's pace in team order: the second is clearly behind, so even a two-person team tells
# the story (some on track, some not).
PACE = (1.15, 0.5, 1.0, 0.95, 1.1, 0.9, 1.05, 0.45)


def _months_back(today: dt.date, n: int) -> dt.date:
    start = today.replace(day=1)
    for _month in range(n):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start


def history_start(today: dt.date) -> dt.date:
    """The first day of the tracked history: the key activities are valid (and published)
    from it."""
    return _months_back(today, HISTORY_MONTHS)


def seed_tracking_story(
    *,
    organization_id: int,
    prefix: str,
    today: dt.date,
    reference: KeyActivity,
    language: str = "zh-hans",
) -> list[KeyActivity]:
    """Calendar, a second key activity, history, reviews and coaching for the manager's team,
    the texts people wrote (subjects, review notes, follow-ups, coaching) in ``language``."""
    side = 0 if language == "zh-hans" else 1
    CalendarSetting.objects.update_or_create(
        organization_id=organization_id,
        defaults={"base": CalendarSetting.Base.CHINA, "time_zone": settings.TIME_ZONE},
    )
    manager = User.objects.get(username=prefix + "manager")
    rep = User.objects.get(username=prefix + "rep")
    team = list(
        Membership.objects.filter(manager=manager, role="rep", is_active=True)
        .order_by("user__username")
        .values_list("user_id", flat=True)
    )
    first = _months_back(today, HISTORY_MONTHS)
    months = [_months_back(today, n) for n in range(HISTORY_MONTHS, -1, -1)]
    types = dict(
        ActivityType.objects.filter(organization_id=organization_id).values_list("code", "pk")
    )

    # The reference-visit key activity reaches back three months, with each month's targets.
    reference.refresh_from_db()
    reference = key_activity_update(
        actor=manager, key_activity_id=reference.pk, version=reference.version, valid_from=first
    )
    for month in months[:-1]:
        targets_generate(
            actor=manager,
            key_activity_id=reference.pk,
            version=reference.version,
            period_start=month,
        )
        reference.refresh_from_db()

    # A second key activity: visits that obtain a commitment (customer visit process).
    visits = key_activity_create(
        actor=manager,
        valid_from=first,
        name_en="Customer visits with a commitment",
        name_zh="获得承诺的客户拜访",
        purpose_en="Every visit should end with the customer committing to a next step.",
        purpose_zh="每次拜访都应以客户承诺下一步行动结束。",
        quantity=12,
        activity_type_ids=[types["visit"]],
    )
    visits = key_activity_set_quality(
        actor=manager,
        key_activity_id=visits.pk,
        version=visits.version,
        kind="outcome",
        min_outcome="commitment",
    )
    for en, zh in (
        (
            "Set the best action commitment and the minimum acceptable action",
            "确定最佳行动承诺和最低可接受行动",
        ),
        ("Ask for the commitment before leaving", "离开前主动请求承诺"),
    ):
        guide_step_add(
            actor=manager, key_activity_id=visits.pk, version=visits.version, text_en=en, text_zh=zh
        )
        visits.refresh_from_db()
    visits = owners_set(
        actor=manager,
        key_activity_id=visits.pk,
        version=visits.version,
        owners=[OwnerSpec(user_id=u, is_lead=u == rep.pk) for u in team],
    )
    for month in months:
        targets_generate(
            actor=manager, key_activity_id=visits.pk, version=visits.version, period_start=month
        )
        visits.refresh_from_db()
    visits = key_activity_publish(actor=manager, key_activity_id=visits.pk, version=visits.version)

    _history(organization_id, team, months, today, types, reference, side)
    _fit_visit_targets(organization_id, manager, visits, team, months, today)
    kas = list(
        published_key_activities(organization_id=organization_id).filter(
            pk__in=[reference.pk, visits.pk]
        )
    )
    _reviews(organization_id, manager, team, kas, first, today, side)
    _coaching(organization_id, manager, team, kas, today, rep.pk, language)
    return kas


def _history(
    organization_id: int,
    team: list[int],
    months: list[dt.date],
    today: dt.date,
    types: dict[str, int],
    reference: KeyActivity,
    side: int,
) -> None:
    """Past invitations and reference visits, each rep at their own pace."""
    rnd = random.Random(7)
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    rows = []
    for index, user_id in enumerate(team):
        pace = PACE[index % len(PACE)]
        customers = list(
            Customer.objects.filter(owner_id=user_id).order_by("id").values_list("pk", flat=True)
        )
        if not customers:
            continue
        for month in months:
            start, end = period_bounds("month", month)
            # The current month so far: the activities of the days up to today.
            share = 1.0
            if end > today:
                share = ((today - start).days + 1) / ((end - start).days + 1)
                end = today
            target = Target.objects.filter(
                key_activity=reference, owner_id=user_id, period_start=start
            ).first()
            quantity = target.quantity if target else 8
            # Behind people slip more in the latest months.
            slip = 1.0 if pace >= 0.8 else 1.0 + (month - months[0]).days / 300
            invites = max(1, round(quantity * pace * share / slip))
            for k in range(invites + invites // 2):
                code = "reference_invite" if k < invites else "reference_visit"
                day = start + dt.timedelta(days=rnd.randrange((end - start).days + 1))
                when = dt.datetime.combine(day, dt.time(9 + rnd.randrange(8), 30), tzinfo=tz)
                if when >= now:
                    continue
                rows.append(
                    Activity(
                        organization_id=organization_id,
                        type_id=types[code],
                        owner_id=user_id,
                        status=Activity.Status.DONE,
                        occurred_at=when,
                        customer_id=customers[(k + index) % len(customers)],
                        subject=_HISTORY_SUBJECTS[code][side],
                        outcome="advance",
                        created_by_id=user_id,
                        created_at=when,
                        updated_at=when,
                        completed_at=when,
                    )
                )
    Activity.objects.bulk_create(rows, batch_size=500)


def _fit_visit_targets(
    organization_id: int,
    manager: User,
    ka: KeyActivity,
    team: list[int],
    months: list[dt.date],
    today: dt.date,
) -> None:
    """Targets the team can reach: a bit above what its stronger half does, so the people who
    visit less (or obtain fewer commitments) are clearly behind."""
    cal = calendar_get(organization_id=organization_id)
    ka = published_key_activities(organization_id=organization_id).get(pk=ka.pk)
    for month in months:
        window = period_bounds("month", month)
        [progress] = progress_compute(
            key_activities=[ka],
            owner_ids=team,
            windows={ka.pk: window},
            calendar=cal.calendar,
            tz=cal.tz,
            today=window[1] if window[1] < today else today,
        )
        done = sorted(o.actual for o in progress.owners)
        if not done:
            continue
        full = max(1, round(done[len(done) * 2 // 3] * 1.05))
        if window[1] >= today:  # this month: the pace so far extended to the whole month
            share = cal.calendar.working_days(window[0], today) / max(
                1, cal.calendar.working_days(*window)
            )
            full = max(4, round(done[len(done) * 2 // 3] / max(share, 0.1) * 0.95))
        for user_id in team:
            ka.refresh_from_db()
            target_set(
                actor=manager,
                key_activity_id=ka.pk,
                version=ka.version,
                owner_id=user_id,
                period_start=window[0],
                quantity=full,
            )


_NOTES = (
    (
        "邀请进度整体正常，两位同事明显落后。",
        "Invitations on pace overall; two people clearly behind.",
    ),
    (
        "承诺率偏低：拜访前先写好最低可接受行动。",
        "Too few commitments: write the minimum acceptable action before each visit.",
    ),
    (
        "本周参观安排满了，下周补上邀请。",
        "Visits fully booked this week; catch up on invitations next week.",
    ),
)
_DECISIONS = (
    (
        "结对拜访：落后的同事本周跟随组长拜访两次。",
        "Pair visits: those behind join the team lead on two visits this week.",
    ),
    ("每周五例会上逐一过一遍邀请名单。", "Go through the invitation list at every Friday meeting."),
)
_FOLLOW_UPS = (
    ("补发 3 份参观邀请", "Send 3 more invitations"),
    ("与经理结对拜访两次", "Two paired visits with the manager"),
)
_HISTORY_SUBJECTS = {
    "reference_invite": ("邀请参观样板客户", "Invitation to see a reference site"),
    "reference_visit": ("陪同参观样板客户", "Hosted a reference site visit"),
}


def _reviews(
    organization_id: int,
    manager: User,
    team: list[int],
    kas: list[KeyActivity],
    first: dt.date,
    today: dt.date,
    side: int,
) -> None:
    """Weekly reviews held on their Fridays, each with the numbers of its day."""
    cal = calendar_get(organization_id=organization_id)
    tz = cal.tz
    behind = team[-2:] if len(team) >= 2 else team
    for ka in kas:
        due_dates = review_due_dates(
            ka.tracking_frequency, ka.review_day, first, first, today - dt.timedelta(days=1)
        )
        for n, due in enumerate(due_dates):
            window = period_bounds(ka.period, due)
            [progress] = progress_compute(
                key_activities=[ka],
                owner_ids=team,
                windows={ka.pk: window},
                calendar=cal.calendar,
                tz=tz,
                today=due,
            )
            held = dt.datetime.combine(due, dt.time(17, 0), tzinfo=tz)
            review = Review.objects.create(
                organization_id=organization_id,
                key_activity=ka,
                due_on=due,
                held_at=held,
                held_by=manager,
                notes=_NOTES[n % len(_NOTES)][side],
                decisions=_DECISIONS[n % len(_DECISIONS)][side],
                snapshot=progress_data(window, [progress]),
            )
            recent = due >= today - dt.timedelta(days=14)
            for k, owner in enumerate(behind):
                FollowUp.objects.create(
                    review=review,
                    text=_FOLLOW_UPS[min(k, 1)][side],
                    owner_id=owner,
                    due_on=due + dt.timedelta(days=4 + k),
                    done_at=None if recent and k == 0 else held + dt.timedelta(days=3),
                    created_at=held,
                )


def _coaching(
    organization_id: int,
    manager: User,
    team: list[int],
    kas: list[KeyActivity],
    today: dt.date,
    lead: int,
    language: str,
) -> None:
    """Coaching of the people behind and of the lead rep, the latest not yet acknowledged."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    people = list(dict.fromkeys([*team[-2:], lead]))
    side = 0 if language == "zh-hans" else 1
    texts = [
        (text[side], actions[side])
        for text, actions in (
            (
                (
                    "拜访前先写下最低可接受行动，离开前一定请求承诺。",
                    "Write the minimum acceptable action before the visit and ask for the "
                    "commitment before leaving.",
                ),
                (
                    "本周两次拜访都带着承诺目标去。",
                    "Take a commitment objective to both visits this week.",
                ),
            ),
            (
                (
                    "邀请话术太笼统：讲清楚样板客户解决了什么问题。",
                    "The invitation is too vague: say what the reference customer solved.",
                ),
                ("周三前发出三份新邀请。", "Send three new invitations by Wednesday."),
            ),
        )
    ]
    for n, person in enumerate(people):
        for k, (text, actions) in enumerate(texts):
            created = dt.datetime.combine(
                today - dt.timedelta(days=3 + 9 * k + n), dt.time(18, 0), tzinfo=tz
            )
            if created > timezone.now():
                continue
            latest = k == 0
            CoachingNote.objects.create(
                organization_id=organization_id,
                person_id=person,
                author=manager,
                key_activity=kas[(n + k) % len(kas)],
                text=text,
                next_actions=actions,
                created_at=created,
                acknowledged_at=None if latest else created + dt.timedelta(hours=15),
                done_at=None if latest else created + dt.timedelta(days=3),
            )
