"""Who sees and who changes key activities: every role, other organisations, denied writes."""

from __future__ import annotations

import pytest

from keyact.core.errors import NotFound, PermissionDenied
from keyact.keyactivities.models import KeyActivity, Owner
from keyact.keyactivities.selectors import key_activity_get, key_activity_list
from keyact.keyactivities.services import (
    OwnerSpec,
    key_activity_create,
    key_activity_create_from_template,
    key_activity_publish,
    key_activity_update,
    owners_set,
)
from tests.conftest import World
from tests.keyactivities.conftest import VALID_FROM, fresh, ready

# Who sees a key activity the manager designed for ``rep``, once published.
SEES_PUBLISHED = {
    "admin": True,
    "director": True,
    "manager": True,
    "rep": True,
    "rep2": False,
    "manager_b": False,
    "rep_b": False,
    "supporter": False,
    "other_admin": False,
    "other_rep": False,
}


@pytest.mark.parametrize(("role", "sees"), sorted(SEES_PUBLISHED.items()))
def test_visibility_of_a_published_key_activity(kworld: World, role: str, sees: bool) -> None:
    manager = kworld.users["manager"]
    ka = ready(kworld)
    key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    user = kworld.users[role]
    assert (ka.pk in {k.pk for k in key_activity_list(user=user)}) is sees
    if sees:
        assert key_activity_get(user=user, key_activity_id=ka.pk).pk == ka.pk
    else:
        with pytest.raises(NotFound):
            key_activity_get(user=user, key_activity_id=ka.pk)


def test_drafts_are_for_designers_only(kworld: World) -> None:
    ka = ready(kworld)
    assert ka.pk in {k.pk for k in key_activity_list(user=kworld.users["manager"])}
    with pytest.raises(NotFound):
        key_activity_get(user=kworld.users["rep"], key_activity_id=ka.pk)


def test_supporters_see_what_they_support(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = ready(kworld)
    ka = key_activity_update(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        supporter_ids=[kworld.users["supporter"].pk],
    )
    key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    assert key_activity_get(user=kworld.users["supporter"], key_activity_id=ka.pk).pk == ka.pk


@pytest.mark.parametrize("role", ["rep", "supporter"])
def test_owners_and_supporters_cannot_change_or_publish(kworld: World, role: str) -> None:
    manager = kworld.users["manager"]
    ka = ready(kworld)
    ka = key_activity_update(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        supporter_ids=[kworld.users["supporter"].pk],
    )
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    user = kworld.users[role]
    with pytest.raises(PermissionDenied):
        key_activity_update(actor=user, key_activity_id=ka.pk, version=ka.version, quantity=1)
    with pytest.raises(PermissionDenied):
        key_activity_create(actor=user, valid_from=VALID_FROM, name_en="Mine")
    assert fresh(ka).quantity == 8 and fresh(ka).version == ka.version
    assert KeyActivity.objects.count() == 1


def test_other_organisations_get_not_found_and_change_nothing(kworld: World) -> None:
    ka = ready(kworld)
    with pytest.raises(NotFound):
        key_activity_update(
            actor=kworld.users["other_admin"], key_activity_id=ka.pk, version=ka.version, quantity=1
        )
    with pytest.raises(NotFound):
        key_activity_publish(
            actor=kworld.users["other_admin"], key_activity_id=ka.pk, version=ka.version
        )
    assert fresh(ka).quantity == 8 and fresh(ka).status == "draft"


def test_a_manager_of_another_team_gets_not_found(kworld: World) -> None:
    ka = ready(kworld)
    with pytest.raises(NotFound):
        key_activity_update(
            actor=kworld.users["manager_b"], key_activity_id=ka.pk, version=ka.version, quantity=1
        )
    assert fresh(ka).quantity == 8


def test_a_manager_assigns_owners_only_within_their_scope(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = ready(kworld)
    with pytest.raises(PermissionDenied):
        owners_set(
            actor=manager,
            key_activity_id=ka.pk,
            version=ka.version,
            owners=[OwnerSpec(kworld.users["rep"].pk, True), OwnerSpec(kworld.users["rep_b"].pk)],
        )
    assert list(Owner.objects.filter(key_activity=ka).values_list("user__username", flat=True)) == [
        "rep"
    ]
    # The department head's scope covers both teams; the admin's the whole organisation.
    ka = owners_set(
        actor=kworld.users["director"],
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep"].pk, True), OwnerSpec(kworld.users["rep_b"].pk)],
    )
    assert ka.owners.count() == 2


def test_people_of_another_organisation_cannot_be_owners(kworld: World) -> None:
    admin = kworld.users["admin"]
    ka = key_activity_create_from_template(actor=admin, valid_from=VALID_FROM)
    with pytest.raises(Exception) as exc:
        owners_set(
            actor=admin,
            key_activity_id=ka.pk,
            version=ka.version,
            owners=[OwnerSpec(kworld.users["other_rep"].pk, True)],
        )
    assert getattr(exc.value, "field", None) == "owners"
    assert not ka.owners.exists()
