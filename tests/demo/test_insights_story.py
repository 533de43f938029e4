"""The demo gives the insights something to find: key activities published when their tracked
history starts, and the planted payoff of the visits with a commitment measured by difference
in differences (not "not enough history")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from keyact.demo.generator import SeedOptions, seed_organization
from keyact.demo.tracking_story import history_start
from keyact.insights.effectiveness import DID
from keyact.insights.presentation import effectiveness_reading
from keyact.insights.report import analysis_compute
from keyact.keyactivities.models import KeyActivity
from keyact.orgs.models import Organization
from keyact.playbook.selectors import organization_scope

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 18)


def test_the_demo_effectiveness_page_has_a_finding() -> None:
    report = seed_organization(
        SeedOptions(slug="ev", name="ev", reps=30, months=12, seed=2026, today=TODAY)
    )
    org = Organization.objects.get(pk=report.organization_id)
    published = {
        timezone.localtime(ka.published_at).date()
        for ka in KeyActivity.objects.filter(organization=org, published_at__isnull=False)
    }
    assert published == {history_start(TODAY)}
    result = analysis_compute(
        scope=organization_scope(org),
        date_from=TODAY - dt.timedelta(days=365),
        date_to=TODAY,
        stall_days=21,
        today=TODAY,
    )
    verdicts = {e["name_en"]: e for e in result["effectiveness"]}
    assert {e["method"] for e in verdicts.values()} == {DID}
    planted = verdicts["Customer visits with a commitment"]
    cells = {k: c["wins"] / c["deals"] for k, c in planted["cells"].items()}
    # Those who met the targets gained more than the others did.
    gain_met = cells["met_after"] - cells["met_before"]
    gain_rest = cells["not_met_after"] - cells["not_met_before"]
    assert planted["estimate"] == pytest.approx(gain_met - gain_rest, abs=1e-3)
    assert planted["estimate"] > 0.05
    assert report.counts["opportunities_won"] == org.opportunities.filter(status="won").count()
    # The page says it in words, with the interval and what it means.
    (sentence,) = [s for s in effectiveness_reading(result) if "Customer visits" in s]
    assert f"{planted['estimate'] * 100:.1f} percentage points" in sentence
    assert "interval" in sentence
