"""Writes for organisations, the reporting tree and memberships."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.orgs.models import Department, Membership, Organization, Role
from keyact.orgs.rules import member_values_check
from keyact.orgs.selectors import scope_for
from keyact.users.models import User


@transaction.atomic
def organization_create(*, name: str, slug: str, default_currency: str = "CNY") -> Organization:
    """Create the organisation record alone. A new organisation for people to work in is made by
    ``keyact.workspace.services.organization_provision``, which also installs the standard
    catalog (activity types, pipeline, the five processes)."""
    if Organization.objects.filter(slug=slug).exists():
        raise DomainError(_("An organisation with this slug already exists."), field="slug")
    organization = Organization.objects.create(
        name=name, slug=slug, default_currency=default_currency.upper()
    )
    return organization


def _require_admin(actor: User) -> int:
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(_("Only administrators can manage the organisation."))
    return scope.organization_id


def _check_manager_chain(organization_id: int, user_id: int | None, manager_id: int | None) -> None:
    """Refuse a manager outside the organisation or one that would close a loop."""
    if manager_id is None:
        return
    if manager_id == user_id:
        raise DomainError(_("Nobody can be their own manager."), field="manager_id")
    chain = dict(
        Membership.objects.filter(organization_id=organization_id).values_list(
            "user_id", "manager_id"
        )
    )
    if manager_id not in chain:
        raise DomainError(_("The manager must belong to the organisation."), field="manager_id")
    seen: set[int] = set()
    current: int | None = manager_id
    while current is not None and current not in seen:
        if current == user_id:
            raise DomainError(
                _("This manager reports to the person already: the tree would loop."),
                field="manager_id",
            )
        seen.add(current)
        current = chain.get(current)


def _department_of_org(organization_id: int, department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    try:
        return Department.objects.get(pk=department_id, organization_id=organization_id)
    except Department.DoesNotExist as exc:
        raise NotFound(_("No such department or team."), field="department_id") from exc


@transaction.atomic
def member_create(
    *,
    organization: Organization,
    username: str,
    password: str | None,
    role: str = Role.REP,
    display_name: str = "",
    email: str = "",
    manager_id: int | None = None,
    department_id: int | None = None,
    title: str = "",
    language: str = "",
) -> Membership:
    """Create a user and their membership (no permission check: callers are admin paths)."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if User.objects.filter(username=username).exists():
        raise DomainError(_("This username is taken."), field="username")
    member_values_check(display_name=display_name, email=email, title=title)
    _check_manager_chain(organization.pk, None, manager_id)
    department = _department_of_org(organization.pk, department_id)
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        language=language,
        is_staff=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return Membership.objects.create(
        user=user,
        organization=organization,
        role=role,
        manager_id=manager_id,
        department=department,
        title=title,
    )


def _role_check(actor: User, membership: Membership, role: str) -> None:
    """A known role, and an administrator does not demote themselves."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if membership.user_id == actor.pk and role != Role.ADMIN:
        raise DomainError(_("You cannot remove your own administrator role."), field="role")


def _active_set(actor: User, membership: Membership, is_active: bool) -> None:
    """(De)activate the member and their user; nobody deactivates themselves."""
    if membership.user_id == actor.pk and not is_active:
        raise DomainError(_("You cannot deactivate yourself."), field="is_active")
    membership.is_active = is_active
    User.objects.filter(pk=membership.user_id).update(is_active=is_active)


@transaction.atomic
def member_update(
    *,
    actor: User,
    user_id: int,
    role: str | None = None,
    manager_id: int | None = None,
    clear_manager: bool = False,
    department_id: int | None = None,
    title: str | None = None,
    is_active: bool | None = None,
) -> Membership:
    """Change a member's role, place in the tree or activity (admins only)."""
    org_id = _require_admin(actor)
    try:
        membership = Membership.objects.select_for_update().get(
            user_id=user_id, organization_id=org_id
        )
    except Membership.DoesNotExist as exc:
        raise NotFound(_("No such user."), field="user_id") from exc
    if role is not None:
        _role_check(actor, membership, role)
        membership.role = role
    if clear_manager:
        membership.manager_id = None
    elif manager_id is not None:
        _check_manager_chain(org_id, user_id, manager_id)
        membership.manager_id = manager_id
    if department_id is not None:
        membership.department = _department_of_org(org_id, department_id)
    if title is not None:
        membership.title = title
    if is_active is not None:
        _active_set(actor, membership, is_active)
    membership.save()
    User.objects.filter(pk=user_id).update(is_staff=membership.role == Role.ADMIN)
    return membership


@transaction.atomic
def department_create(
    *, actor: User, name: str, kind: str = Department.Kind.TEAM, parent_id: int | None = None
) -> Department:
    """Add a department or team to the reporting tree (admins only)."""
    org_id = _require_admin(actor)
    if not name.strip():
        raise DomainError(_("The name cannot be empty."), field="name")
    if Department.objects.filter(organization_id=org_id, name=name.strip()).exists():
        raise DomainError(_("A unit with this name already exists."), field="name")
    parent = _department_of_org(org_id, parent_id)
    return Department.objects.create(
        organization_id=org_id, name=name.strip(), kind=kind, parent=parent
    )
