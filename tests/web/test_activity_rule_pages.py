"""The pages show the activity rules' refusals as form errors, and offer the reopen (issue 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from keyact.activities.models import Activity, ActivityChange
from tests.conftest import World
from tests.factories import ActivityFactory, activity_type

pytestmark = pytest.mark.django_db


def test_quick_log_of_a_visit_without_customer_is_refused_with_a_message(
    world: World, as_user
) -> None:
    count = Activity.objects.count()
    response = as_user(world.users["rep"]).post(
        reverse("quick_log"), {"type_id": activity_type(world.org, "visit").pk}
    )
    assert response.status_code == 200
    assert "This activity is done with a customer: choose the customer." in (
        response.content.decode()
    )
    assert Activity.objects.count() == count


def test_completing_with_an_over_long_note_is_a_form_error(world: World, as_user) -> None:
    planned = ActivityFactory(
        organization=world.org,
        owner=world.users["rep"],
        customer=world.customers["rep"],
        status=Activity.Status.PLANNED,
    )
    response = as_user(world.users["rep"]).post(
        reverse("activity_complete", args=[planned.pk]), {"notes": "n" * 10001}
    )
    assert response.status_code == 200
    assert "At most 10,000 characters; this one has 10,001." in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_the_owner_sees_the_reopen_form_in_both_languages(world: World, as_user) -> None:
    client = as_user(world.users["rep"])
    url = reverse("activity_detail", args=[world.activities["rep"].pk])
    assert "Reopen this activity" in client.get(url).content.decode()
    chinese = client.get(url, headers={"accept-language": "zh-hans"}).content.decode()
    assert "重新打开此活动" in chinese


def test_a_participant_who_may_not_change_it_sees_no_reopen(world: World, as_user) -> None:
    url = reverse("activity_detail", args=[world.activities["rep"].pk])
    response = as_user(world.users["supporter"]).get(url)
    assert response.status_code == 200
    assert "Reopen this activity" not in response.content.decode()


def test_reopen_from_the_page_plans_it_again_and_shows_the_reason(world: World, as_user) -> None:
    activity = world.activities["rep"]
    client = as_user(world.users["rep"])
    response = client.post(
        reverse("activity_reopen", args=[activity.pk]),
        {"reason": "Logged twice", "expected_version": 1},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.completed_at) == ("planned", None)
    page = client.get(reverse("activity_detail", args=[activity.pk])).content.decode()
    assert "Logged twice" in page
    assert "Reopened" in page
    assert "Reopen this activity" not in page


def test_reopen_without_a_reason_shows_the_form_again_and_changes_nothing(
    world: World, as_user
) -> None:
    activity = world.activities["rep"]
    response = as_user(world.users["rep"]).post(
        reverse("activity_reopen", args=[activity.pk]), {"reason": "", "expected_version": 1}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "done"
    assert not ActivityChange.objects.filter(activity=activity).exists()


def test_a_supporter_cannot_reopen_through_the_page(world: World, as_user) -> None:
    activity = world.activities["rep"]
    response = as_user(world.users["supporter"]).post(
        reverse("activity_reopen", args=[activity.pk]),
        {"reason": "No", "expected_version": 1},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("activity_detail", args=[activity.pk]), 302)]
    assert "You can only change your own or your team" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "done"


def test_the_edit_page_refuses_a_done_time_in_the_future(world: World, as_user) -> None:
    activity = world.activities["rep"]
    future = timezone.localtime(timezone.now() + timezone.timedelta(days=2))
    response = as_user(world.users["rep"]).post(
        reverse("activity_edit", args=[activity.pk]),
        {
            "expected_version": 1,
            "type_id": activity.type_id,
            "occurred_at": future.strftime("%Y-%m-%dT%H:%M"),
            "customer_id": activity.customer_id,
        },
    )
    assert response.status_code == 200
    assert "A done activity cannot lie in the future" in response.content.decode()
    activity.refresh_from_db()
    assert activity.version == 1
