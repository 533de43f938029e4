"""Reads about organisations and people, and the data scope every other selector applies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from keyact.core.errors import NotFound
from keyact.orgs.models import Department, Membership, Organization, Role
from keyact.users.models import User


@dataclass(frozen=True)
class Scope:
    """What an acting user may see inside their organisation (METHOD.md §9).

    ``owner_ids`` is the set of users whose records are visible, or None for the whole
    organisation (admins). ``via_participation`` adds records the user takes part in
    (supporters). Every scoped selector starts from this object.
    """

    user_id: int
    organization_id: int
    role: str
    owner_ids: frozenset[int] | None
    via_participation: bool = False

    @property
    def is_admin(self) -> bool:
        """Whether the scope is the whole organisation."""
        return self.owner_ids is None

    def covers_owner(self, owner_id: int | None) -> bool:
        """Whether records owned by ``owner_id`` are inside this scope."""
        return self.owner_ids is None or owner_id in self.owner_ids


def membership_get(*, user: User) -> Membership:
    """The user's active membership; NotFound when they belong to no organisation."""
    try:
        membership = user.membership
    except Membership.DoesNotExist as exc:
        raise NotFound(_("You are not a member of any organisation.")) from exc
    if not membership.is_active:
        raise NotFound(_("Your membership is inactive."))
    return membership


def _subordinate_ids(organization_id: int, manager_id: int) -> set[int]:
    """Everyone below ``manager_id`` in the reporting tree (one query, walked in memory)."""
    reports: dict[int, list[int]] = defaultdict(list)
    for user_id, boss_id in Membership.objects.filter(
        organization_id=organization_id, manager_id__isnull=False
    ).values_list("user_id", "manager_id"):
        reports[boss_id].append(user_id)
    seen: set[int] = set()
    stack = [manager_id]
    while stack:
        for child in reports.get(stack.pop(), []):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    seen.discard(manager_id)
    return seen


def department_subtree_ids(*, organization_id: int, department_id: int) -> set[int]:
    """The department and every unit below it."""
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id, parent_id in Department.objects.filter(
        organization_id=organization_id
    ).values_list("id", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(unit_id)
    seen = {department_id}
    stack = [department_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


def scope_for(user: User) -> Scope:
    """Compute (and cache on the user object for this request) the user's data scope."""
    cached: Scope | None = getattr(user, "_keyact_scope", None)
    if cached is not None:
        return cached
    membership = membership_get(user=user)
    org_id = membership.organization_id
    role = membership.role
    owner_ids: frozenset[int] | None
    if role == Role.ADMIN:
        owner_ids = None
    elif role == Role.MANAGER:
        owner_ids = frozenset({user.pk, *_subordinate_ids(org_id, user.pk)})
    elif role == Role.DEPARTMENT_HEAD:
        members: set[int] = {user.pk, *_subordinate_ids(org_id, user.pk)}
        if membership.department_id is not None:
            units = department_subtree_ids(
                organization_id=org_id, department_id=membership.department_id
            )
            members.update(
                Membership.objects.filter(
                    organization_id=org_id, department_id__in=units
                ).values_list("user_id", flat=True)
            )
        owner_ids = frozenset(members)
    else:
        owner_ids = frozenset({user.pk})
    scope = Scope(
        user_id=user.pk,
        organization_id=org_id,
        role=role,
        owner_ids=owner_ids,
        via_participation=role == Role.SUPPORTER,
    )
    user._keyact_scope = scope  # type: ignore[attr-defined]
    return scope


def organization_get(*, user: User) -> Organization:
    """The acting user's organisation."""
    return membership_get(user=user).organization


def user_list(*, user: User) -> QuerySet[User]:
    """Members of the acting user's organisation that their scope covers, by name."""
    scope = scope_for(user)
    qs = User.objects.filter(membership__organization_id=scope.organization_id).select_related(
        "membership", "membership__department", "membership__manager"
    )
    if scope.owner_ids is not None:
        qs = qs.filter(pk__in=scope.owner_ids)
    return qs.order_by("username", "id")


def user_get(*, user: User, user_id: int) -> User:
    """One member inside the acting user's scope; NotFound otherwise."""
    try:
        return user_list(user=user).get(pk=user_id)
    except User.DoesNotExist as exc:
        raise NotFound(_("No such user.")) from exc


def organization_members(*, user: User) -> QuerySet[User]:
    """Every active member of the acting user's organisation (for pickers such as owners)."""
    scope = scope_for(user)
    return (
        User.objects.filter(
            membership__organization_id=scope.organization_id, membership__is_active=True
        )
        .select_related("membership")
        .order_by("username", "id")
    )


def department_list(*, user: User) -> QuerySet[Department]:
    """The reporting units of the acting user's organisation."""
    scope = scope_for(user)
    return Department.objects.filter(organization_id=scope.organization_id).select_related("parent")
