"""Authority changes take effect on the next API request, whatever path made them.

The token lookup keeps a per-worker copy of the user; these tests first warm it with one
request, then change the user's authority the way another worker, the Django admin or an
importer would (directly in the database, with no in-process cache invalidation), and check
that the very next request sees the change.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from keyact.activities.models import ActivityType
from keyact.orgs.models import Membership, Role
from keyact.orgs.services import member_update
from keyact.users.models import ApiToken, User
from tests.api.conftest import ApiClient
from tests.conftest import World

pytestmark = pytest.mark.django_db

NEW_TYPE = {"code": "demo-visit", "name_en": "Demo visit", "name_zh": "演示拜访"}


def warmed(as_user: Callable[[User], ApiClient], user: User) -> ApiClient:
    client = as_user(user)
    assert client.get("/me").status_code == 200
    return client


def test_a_demoted_admins_token_cannot_make_the_next_admin_only_write(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    admin = world.users["admin"]
    client = warmed(as_user, admin)
    assert client.patch(f"/activity-types/{type_of(world).pk}", {"order": 7}).status_code == 200
    # Another administrator demotes them (the change does not pass through this worker's cache).
    Membership.objects.filter(user=admin).update(role=Role.MANAGER)
    count = ActivityType.objects.filter(organization=world.org).count()
    response = client.post("/activity-types", NEW_TYPE)
    assert response.status_code == 403, response.content
    assert ActivityType.objects.filter(organization=world.org).count() == count


def test_a_demotion_through_the_service_applies_at_once(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    admin, director = world.users["admin"], world.users["director"]
    member_update(actor=admin, user_id=director.pk, role=Role.ADMIN)
    client = warmed(as_user, director)
    assert client.get("/me").json()["role"] == "admin"
    member_update(actor=admin, user_id=director.pk, role=Role.REP)
    assert client.get("/me").json()["role"] == "rep"
    assert client.post("/activity-types", NEW_TYPE).status_code == 403


def test_a_deactivated_users_token_answers_401_on_the_next_request(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    rep = world.users["rep"]
    client = warmed(as_user, rep)
    User.objects.filter(pk=rep.pk).update(is_active=False)
    assert client.get("/me").status_code == 401


def test_an_inactive_membership_answers_404_on_the_next_request(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    rep = world.users["rep"]
    client = warmed(as_user, rep)
    Membership.objects.filter(user=rep).update(is_active=False)
    response = client.get("/activities")
    assert response.status_code == 404
    assert response.json()["detail"] == "Your membership is inactive."


def test_a_token_revoked_elsewhere_answers_401_on_the_next_request(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    rep = world.users["rep"]
    client = warmed(as_user, rep)
    ApiToken.objects.filter(user=rep).update(revoked_at=timezone.now())
    assert client.get("/me").status_code == 401


def test_a_promotion_widens_the_scope_on_the_next_request(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    rep = world.users["rep"]
    client = warmed(as_user, rep)
    assert client.get("/me").json()["scope"]["kind"] == "own"
    Membership.objects.filter(user=rep).update(role=Role.ADMIN)
    me = client.get("/me").json()
    assert (me["role"], me["scope"]["kind"]) == ("admin", "organisation")


def test_a_language_change_elsewhere_applies_to_the_next_response(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    rep = world.users["rep"]
    client = warmed(as_user, rep)
    User.objects.filter(pk=rep.pk).update(language="zh-hans")
    response = client.get("/activities/999999999")
    assert response.status_code == 404
    assert response.json()["detail"] != "No such activity."


def test_token_use_is_recorded_at_most_once_a_minute(
    world: World, as_user: Callable[[User], ApiClient]
) -> None:
    client = warmed(as_user, world.users["rep"])
    token = ApiToken.objects.get(user=world.users["rep"])
    first = token.last_used_at
    assert first is not None
    assert client.get("/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timezone.timedelta(minutes=2))
    assert client.get("/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > first


def type_of(world: World) -> ActivityType:
    activity_type = ActivityType.objects.filter(organization=world.org).first()
    assert activity_type is not None
    return activity_type
