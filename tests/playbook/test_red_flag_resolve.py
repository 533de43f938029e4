"""Resolving a hand-added red flag: the service, its permission, the assessment page's toggle
and the strategic-selling focus figure on the team board."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from keyact.core.errors import NotFound, PermissionDenied
from keyact.playbook.models import ManualRedFlag, Process
from keyact.playbook.services import (
    assessment_decide,
    playbook_install,
    red_flag_add,
    red_flag_resolve,
)
from keyact.tracking.focus import focus_figures
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_red_flag_is_resolved_and_reopened(world: World) -> None:
    rep = world.users["rep"]
    opportunity = world.opportunities["rep"]
    flag = red_flag_add(actor=rep, opportunity_id=opportunity.pk, text="Rival 20% cheaper")
    assert flag.resolved_at is None and flag.resolved_by is None

    resolved = red_flag_resolve(
        actor=rep, opportunity_id=opportunity.pk, red_flag_id=flag.pk, resolved=True
    )
    flag.refresh_from_db()
    assert flag.resolved_at is not None and flag.resolved_by_id == rep.pk
    assert resolved.resolved_at == flag.resolved_at
    # Resolving again keeps who and when it was first resolved.
    first = flag.resolved_at
    red_flag_resolve(
        actor=world.users["manager"],
        opportunity_id=opportunity.pk,
        red_flag_id=flag.pk,
        resolved=True,
    )
    flag.refresh_from_db()
    assert (flag.resolved_at, flag.resolved_by_id) == (first, rep.pk)

    red_flag_resolve(actor=rep, opportunity_id=opportunity.pk, red_flag_id=flag.pk, resolved=False)
    flag.refresh_from_db()
    assert flag.resolved_at is None and flag.resolved_by is None
    assert flag.text == "Rival 20% cheaper"


def test_resolving_follows_the_opportunity_rule(world: World) -> None:
    opportunity = world.opportunities["rep"]
    flag = red_flag_add(actor=world.users["rep"], opportunity_id=opportunity.pk, text="x")
    # A supporter sees the deal but may not change it; another team does not see it at all.
    with pytest.raises(PermissionDenied):
        red_flag_resolve(
            actor=world.users["supporter"],
            opportunity_id=opportunity.pk,
            red_flag_id=flag.pk,
            resolved=True,
        )
    with pytest.raises(NotFound):
        red_flag_resolve(
            actor=world.users["rep_b"],
            opportunity_id=opportunity.pk,
            red_flag_id=flag.pk,
            resolved=True,
        )
    # A flag of another opportunity is not reachable through this one.
    with pytest.raises(NotFound):
        red_flag_resolve(
            actor=world.users["rep"],
            opportunity_id=world.opportunities["rep2"].pk,
            red_flag_id=flag.pk,
            resolved=True,
        )
    flag.refresh_from_db()
    assert flag.resolved_at is None


def _client(world: World, name: str, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world.users[name])
    return client


def test_the_assessment_page_toggles_a_flag_in_both_languages(world: World) -> None:
    opportunity = world.opportunities["rep"]
    flag = red_flag_add(actor=world.users["rep"], opportunity_id=opportunity.pk, text="No budget")
    url = f"/playbook/opportunities/{opportunity.pk}/assessment/"
    client = _client(world, "rep")
    html = client.get(url).content.decode()
    assert f'data-red-flag="{flag.pk}"' in html and "Mark resolved" in html
    assert "<s>No budget</s>" not in html

    response = client.post(url, {"action": "resolve_red_flag", "id": flag.pk, "resolved": "1"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_by_id == world.users["rep"].pk
    html = client.get(url).content.decode()
    assert "<s>No budget</s>" in html and "Reopen" in html and "data-resolved" in html
    zh = _client(world, "rep", "zh-hans").get(url).content.decode()
    assert "<s>No budget</s>" in zh and "已解决" in zh and "重新打开" in zh

    response = client.post(url, {"action": "resolve_red_flag", "id": flag.pk, "resolved": "0"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_at is None

    # A supporter is refused (the page answers 400 with the message), another team gets 404.
    refused = _client(world, "supporter").post(
        url, {"action": "resolve_red_flag", "id": flag.pk, "resolved": "1"}
    )
    assert refused.status_code == 400
    hidden = _client(world, "rep_b").post(
        url, {"action": "resolve_red_flag", "id": flag.pk, "resolved": "1"}
    )
    assert hidden.status_code == 404
    flag.refresh_from_db()
    assert flag.resolved_at is None


def test_the_focus_figure_counts_red_flags_resolved_on_large_open_deals(world: World) -> None:
    playbook_install(organization=world.org)
    Process.objects.filter(organization=world.org).update(in_use=False)
    Process.objects.filter(organization=world.org, code="strategic_selling").update(in_use=True)
    users, deals = world.users, world.opportunities
    mine = red_flag_add(actor=users["rep"], opportunity_id=deals["rep"].pk, text="a")
    red_flag_add(actor=users["rep"], opportunity_id=deals["rep"].pk, text="b")
    red_flag_add(actor=users["rep2"], opportunity_id=deals["rep2"].pk, text="c")
    elsewhere = red_flag_add(actor=users["rep_b"], opportunity_id=deals["rep_b"].pk, text="d")
    for actor, flag in ((users["rep"], mine), (users["rep_b"], elsewhere)):
        red_flag_resolve(
            actor=actor,
            opportunity_id=flag.assessment.opportunity_id,
            red_flag_id=flag.pk,
            resolved=True,
        )
    assessment_decide(
        actor=users["rep"], opportunity_id=deals["rep"].pk, decision="go", reasons="r"
    )
    assert ManualRedFlag.objects.count() == 4

    window = (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    tz = zoneinfo.ZoneInfo("Asia/Shanghai")
    with CaptureQueriesContext(connection) as ctx:
        (figure,) = focus_figures(
            organization_id=world.org.pk,
            owner_ids=frozenset({users["rep"].pk, users["rep2"].pk}),
            window=window,
            tz=tz,
        )
    # The processes, the large-order threshold, then one aggregate for the whole figure.
    assert len(ctx.captured_queries) == 3
    assert (figure.numerator, figure.denominator) == (1, 2)
    assert figure.detail == "red flags resolved: 1 of 3"

    (everyone,) = focus_figures(organization_id=world.org.pk, owner_ids=None, window=window, tz=tz)
    assert (everyone.numerator, everyone.denominator) == (1, 5)
    assert everyone.detail == "red flags resolved: 2 of 4"
