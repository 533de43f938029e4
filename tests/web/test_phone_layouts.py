"""Lists that are tables on wide screens stack one item per record on phones."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_opportunity_list_stacks_on_phones(world: World, as_user) -> None:
    html = as_user(world.users["rep"]).get(reverse("deals:list")).content.decode()
    stacked = re.search(r'<ul class="list-group list-group-flush d-md-none">(.*?)</ul>', html, re.S)
    assert stacked is not None
    deal = world.opportunities["rep"]
    assert reverse("deals:detail", args=[deal.pk]) in stacked.group(1)
    assert deal.name in stacked.group(1)
    # The table is for wider screens only.
    assert '<div class="table-responsive d-none d-md-block">' in html


def test_a_label_colon_follows_the_readers_language() -> None:
    from django.template import engines
    from django.utils import translation

    template = engines["django"].from_string(
        '{% load i18n keyact_text %}{% trans "Budget" %}{% colon %}1'
    )
    with translation.override("zh-hans"):
        assert template.render({}) == "预算\uff1a1"  # full-width colon, no space
    with translation.override("en"):
        assert template.render({}) == "Budget: 1"


def test_pages_name_their_icon_and_favicon_ico_leads_to_it(world: World, as_user) -> None:
    client = as_user(world.users["rep"])
    html = client.get(reverse("my_day")).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*keyact/favicon[^"]*\.svg"', html)
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert "keyact/favicon" in response["Location"]
