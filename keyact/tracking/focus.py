"""The management focus figure of each sales process in use (the article's 管理重点), over the
people in the caller's scope and a window of days. One aggregate query per process (strategic
selling also reads the organisation's large-order threshold)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from keyact.customers.models import Customer
from keyact.deals.models import Opportunity
from keyact.playbook.models import Assessment, DiagnosisSettings, Process, VisitPlan
from keyact.tracking.progress import Window, aware_bounds


@dataclass(frozen=True)
class FocusFigure:
    """One process's focus figure: a share (numerator of denominator) or a count."""

    process: Process
    label: str
    numerator: int
    denominator: int | None  # None: a plain count
    note: str = ""
    detail: str = ""  # a second figure shown after the first (e.g. red flags resolved)

    @property
    def share(self) -> float | None:
        """numerator / denominator, None for a count or an empty denominator."""
        if not self.denominator:
            return None
        return self.numerator / self.denominator


def _owners(owner_ids: frozenset[int] | None, field: str = "owner_id") -> Q:
    return Q() if owner_ids is None else Q(**{f"{field}__in": owner_ids})


def focus_figures(
    *,
    organization_id: int,
    owner_ids: frozenset[int] | None,
    window: Window,
    tz: zoneinfo.ZoneInfo,
) -> list[FocusFigure]:
    """The focus figure of every process the organisation uses, in the catalog's order."""
    lo, hi = aware_bounds(window, tz)
    figures = []
    for process in Process.objects.filter(organization_id=organization_id, in_use=True).order_by(
        "order", "id"
    ):
        figure = _figure(process, organization_id, owner_ids, window, lo, hi)
        if figure is not None:
            figures.append(figure)
    return figures


def _figure(
    process: Process,
    organization_id: int,
    owner_ids: frozenset[int] | None,
    window: Window,
    lo: dt.datetime,
    hi: dt.datetime,
) -> FocusFigure | None:
    scope = _owners(owner_ids)
    if process.code == "customer_visit":
        counts = VisitPlan.objects.filter(
            scope,
            organization_id=organization_id,
            status=VisitPlan.Status.DONE,
            recorded_at__gte=lo,
            recorded_at__lt=hi,
        ).aggregate(
            done=Count("pk"),
            reached=Count("pk", filter=Q(commitment_level__in=["best", "acceptable"])),
        )
        return FocusFigure(
            process,
            _("Visits reaching the commitment objective"),
            counts["reached"],
            counts["done"],
        )
    if process.code == "strategic_selling":
        settings = DiagnosisSettings.objects.filter(organization_id=organization_id).first()
        large = Q(status=Opportunity.Status.OPEN)
        if settings is not None:
            large &= Q(amount__gte=settings.large_order_amount)
        # One query: the deals, those with a decided assessment, and their hand-added red
        # flags, resolved or not (each counted once through the assessment join).
        counts = Opportunity.objects.filter(
            scope, large, organization_id=organization_id
        ).aggregate(
            deals=Count("pk", distinct=True),
            assessed=Count(
                "assessment",
                distinct=True,
                filter=~Q(assessment__decision=Assessment.Decision.UNDECIDED),
            ),
            flags=Count("assessment__red_flags", distinct=True),
            resolved=Count(
                "assessment__red_flags",
                distinct=True,
                filter=Q(assessment__red_flags__resolved_at__isnull=False),
            ),
        )
        return FocusFigure(
            process,
            _("Large open deals with a strategic-selling assessment decided"),
            counts["assessed"],
            counts["deals"],
            detail=_("red flags resolved: %(resolved)d of %(flags)d")
            % {"resolved": counts["resolved"], "flags": counts["flags"]},
        )
    if process.code == "key_account":
        return FocusFigure(
            process,
            _("Key accounts with a known budget (share of wallet)"),
            0,
            None,
            note=_("Customer budgets are not recorded yet, so the share of wallet is unknown."),
        )
    if process.code == "customer_development":
        new = Customer.objects.filter(
            scope, organization_id=organization_id, created_at__gte=lo, created_at__lt=hi
        ).count()
        return FocusFigure(process, _("New leads found"), new, None)
    if process.code == "customer_success":
        year_ago = window[1] - dt.timedelta(days=365)
        won = (
            Opportunity.objects.filter(
                scope,
                organization_id=organization_id,
                status=Opportunity.Status.WON,
                closed_date__gt=year_ago,
                closed_date__lte=window[1],
                customer__isnull=False,
            )
            .order_by()
            .values("customer_id")
            .annotate(n=Count("pk"))
        )
        buyers = [row["n"] for row in won]
        return FocusFigure(
            process,
            _("Customers buying again within a year (repeat purchase or renewal)"),
            sum(1 for n in buyers if n >= 2),
            len(buyers),
        )
    return None
