"""The evidence part of the demo: the tracked key activities were published when their history
starts (three months ago), and the reps who kept up the visits with a commitment since then
closed more of their deals than before, while the others did not change — the planted finding
the effectiveness page measures by difference in differences. Everything else stays as drawn.

Written directly, as the seed writes all history: services only record the present.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.conf import settings

from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.keyactivities.models import KeyActivity
from keyact.keyactivities.selectors import owners_meeting_targets

# Of the deals the diligent reps lost after publication, the share that goes their way instead:
# their win rate rises by some twenty-five points, a change a team notices within a quarter.
TURNED = 0.5


def seed_insights_story(
    *,
    organization_id: int,
    key_activities: list[KeyActivity],
    planted: KeyActivity,
    published: dt.date,
    today: dt.date,
) -> int:
    """Date the publications back to ``published`` and plant the effect of ``planted`` on the
    deals its target-meeting owners closed since; returns how many deals turned."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    KeyActivity.objects.filter(pk__in=[ka.pk for ka in key_activities]).update(
        published_at=dt.datetime.combine(published, dt.time(9), tzinfo=tz)
    )
    met, _ = owners_meeting_targets(key_activity=planted, owner_ids=None, today=today)
    won = Stage.objects.get(organization_id=organization_id, is_won=True)
    lost = list(
        Opportunity.objects.filter(
            organization_id=organization_id,
            owner_id__in=sorted(met),
            status=Opportunity.Status.LOST,
            closed_date__gte=published,
            closed_date__lt=today,
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    rnd = random.Random(11)
    turned = [pk for pk in lost if rnd.random() < TURNED]
    Opportunity.objects.filter(pk__in=turned).update(status=Opportunity.Status.WON, stage=won)
    # The last recorded move (into the lost stage) becomes the win.
    StageChange.objects.filter(opportunity_id__in=turned, to_stage__is_lost=True).update(
        to_stage=won
    )
    return len(turned)
