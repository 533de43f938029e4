# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)
"""The method part of the demo: the playbook in use, candidates through the lenses, and the
article's key activity published with owners and this month's targets.

Runs through the services, as a manager and an admin would, so every rule (owners, lead,
versions, history) holds in the demo exactly as in real use.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from keyact.activities.models import ActivityType
from keyact.activities.services import activity_create
from keyact.customers.models import Customer
from keyact.keyactivities.models import KeyActivity, Lens
from keyact.keyactivities.services import (
    OwnerSpec,
    candidate_create,
    candidate_decide,
    candidate_from_inspiration,
    candidates_suggest_key_steps,
    key_activity_create_from_template,
    key_activity_publish,
    owners_set,
    targets_generate,
)
from keyact.orgs.models import Membership
from keyact.playbook.models import Process
from keyact.playbook.services import processes_set_in_use
from keyact.users.models import User

# The demo's story: East China sells small orders to new customers and turns them into repeat
# buyers, North China chases large new deals, Key Accounts grows large existing accounts.
PROCESSES_IN_USE = (
    "customer_visit",
    "strategic_selling",
    "customer_development",
    "customer_success",
)


def seed_method_story(
    *, organization_id: int, prefix: str, today: dt.date, language: str = "zh-hans"
) -> KeyActivity:
    """Mark the processes in use, propose and decide candidates, publish the reference-visit
    key activity for the manager's team with ``rep`` as lead, and set this month's targets."""
    admin = User.objects.get(username=prefix + "admin")
    manager = User.objects.get(username=prefix + "manager")
    rep = User.objects.get(username=prefix + "rep")
    processes_set_in_use(
        actor=admin,
        process_ids=list(
            Process.objects.filter(
                organization_id=organization_id, code__in=PROCESSES_IN_USE
            ).values_list("pk", flat=True)
        ),
    )
    suggested = candidates_suggest_key_steps(actor=manager)
    for index, candidate in enumerate(suggested):
        if index == 0:
            candidate_decide(actor=manager, candidate_id=candidate.pk, decision="selected")
        elif index == 1:
            candidate_decide(
                actor=manager,
                candidate_id=candidate.pk,
                decision="rejected",
                reason="每周都有辅导，丢单不在这一步。"
                if language == "zh-hans"
                else "Already coached weekly; not where the team loses deals.",
            )
    candidate_from_inspiration(actor=manager, code="hotpot_rnd")
    benchmark = candidate_create(
        actor=manager,
        lens=Lens.BENCHMARK,
        title_en="Invite prospects to visit a reference customer",
        title_zh="邀请客户参观样板用户",
        rationale=(
            "团队里业绩前 20% 的人带客户参观样板用户的次数约是其他人的两倍，"
            "参观过的订单赢单也更多。"
            if language == "zh-hans"
            else "The top quintile of the team brings prospects to a reference site about twice "
            "as often as the rest, and wins more of the deals where it happens."
        ),
        impact=5,
    )
    candidate_decide(actor=manager, candidate_id=benchmark.pk, decision="selected")
    month_start = today.replace(day=1)
    ka = key_activity_create_from_template(
        actor=manager, valid_from=month_start, candidate_id=benchmark.pk
    )
    team = list(
        Membership.objects.filter(manager=manager, role="rep", is_active=True)
        .order_by("user__username")
        .values_list("user_id", flat=True)
    )
    owners = [OwnerSpec(user_id=user_id, is_lead=user_id == rep.pk) for user_id in team]
    ka = owners_set(actor=manager, key_activity_id=ka.pk, version=ka.version, owners=owners)
    targets_generate(
        actor=manager, key_activity_id=ka.pk, version=ka.version, period_start=month_start
    )
    ka.refresh_from_db()
    published = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    _log_this_months_invitations(
        organization_id=organization_id,
        team=team,
        month_start=month_start,
        today=today,
        side=0 if language == "zh-hans" else 1,
    )
    return published


def _log_this_months_invitations(
    *, organization_id: int, team: list[int], month_start: dt.date, today: dt.date, side: int
) -> None:
    """The team has started on the key activity: invitations sent this month, some visits."""
    tz = timezone.get_current_timezone()
    types = {
        t.code: t.pk
        for t in ActivityType.objects.filter(
            organization_id=organization_id, code__in=("reference_invite", "reference_visit")
        )
    }
    days = max(1, (today - month_start).days + 1)
    for index, user_id in enumerate(team):
        rep = User.objects.get(pk=user_id)
        customers = list(
            Customer.objects.filter(owner_id=user_id).order_by("id").values_list("pk", flat=True)
        )
        if not customers:
            continue
        invitations = 3 + index % 6
        visits = min(invitations, index % 4)
        for k in range(invitations + visits):
            code = "reference_invite" if k < invitations else "reference_visit"
            day = month_start + dt.timedelta(days=(k * 3 + index) % days)
            when = dt.datetime.combine(day, dt.time(9 + (k + index) % 8, 30), tzinfo=tz)
            activity_create(
                actor=rep,
                type_id=types[code],
                customer_id=customers[(k + index) % len(customers)],
                occurred_at=min(when, timezone.now()),
                subject=_SUBJECTS[code][side],
                outcome="advance",
            )


_SUBJECTS = {
    "reference_invite": ("邀请参观样板客户", "Invitation to see a reference site"),
    "reference_visit": ("陪同参观样板客户", "Hosted a reference site visit"),
}
