"""The method part of the demo: the playbook in use, candidates through the lenses, and the
article's key activity published with owners and this month's targets.

Runs through the services, as a manager and an admin would, so every rule (owners, lead,
versions, history) holds in the demo exactly as in real use.
"""

from __future__ import annotations

import datetime as dt

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


def seed_method_story(*, organization_id: int, prefix: str, today: dt.date) -> KeyActivity:
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
                reason="Already coached weekly; not where the team loses deals.",
            )
    candidate_from_inspiration(actor=manager, code="hotpot_rnd")
    benchmark = candidate_create(
        actor=manager,
        lens=Lens.BENCHMARK,
        title_en="Invite prospects to visit a reference customer",
        title_zh="邀请客户参观样板用户",
        rationale=(
            "The top quintile of the team brings prospects to a reference site about twice as "
            "often as the rest, and wins more of the deals where it happens."
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
    return key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
