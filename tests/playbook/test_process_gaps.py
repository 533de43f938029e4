"""The playbook warns when the dominant mode's processes are not in use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from keyact.playbook.diagnosis import Mix, ModeShare, process_gaps
from keyact.playbook.models import Process
from tests.factories import CustomerFactory, OpportunityFactory


def mix(shares: dict[str, float], dominant: list[str]) -> Mix:
    modes = {
        m: ModeShare(m, 10 if s else 0, Decimal(int(s * 1000)), s, s)
        for m, s in {
            "small_order": 0,
            "small_customer": 0,
            "large_order": 0,
            "large_account": 0,
            **shares,
        }.items()
    }
    return Mix(modes=modes, deals=10, revenue=Decimal(1000), dominant=dominant)


def test_large_account_business_without_key_account_management_is_a_gap():
    gaps = process_gaps(mix({"large_account": 0.98}, ["large_account"]), {"customer_visit"})
    assert [(g.mode, g.missing) for g in gaps] == [("large_account", ("key_account",))]
    assert gaps[0].revenue_share == 0.98


def test_no_gap_when_a_fitting_process_is_in_use_or_nothing_is_chosen_yet():
    large_order = mix({"large_order": 0.7}, ["large_order"])
    assert process_gaps(large_order, {"strategic_selling"}) == []
    assert process_gaps(large_order, set()) == []


@pytest.mark.django_db
def test_overview_shows_the_warning(client, world):
    from keyact.playbook.services import playbook_install

    playbook_install(organization=world.org)
    Process.objects.filter(organization=world.org).update(in_use=False)
    Process.objects.filter(organization=world.org, code="customer_success").update(in_use=True)
    # A huge repeat order from an existing customer: the large-account mode dominates.
    big = CustomerFactory(organization=world.org, employees=5000)
    OpportunityFactory(
        organization=world.org, customer=big, owner=world.users["rep"], amount=Decimal(1000),
        status="won", closed_date=dt.date.today() - dt.timedelta(days=400),
    )  # fmt: skip
    OpportunityFactory(
        organization=world.org, customer=big, owner=world.users["rep"], amount=Decimal(10**9),
        status="won", closed_date=dt.date.today(),
    )  # fmt: skip
    client.force_login(world.users["admin"])
    response = client.get(reverse("playbook:overview"))
    assert response.context["diagnosis"].mix.dominant == ["large_account"]
    assert [g["percent"] for g in response.context["gaps"]] == [100]
    assert 'data-testid="process-gap"' in response.content.decode()
    Process.objects.filter(organization=world.org, code="key_account").update(in_use=True)
    assert client.get(reverse("playbook:overview")).context["gaps"] == []
