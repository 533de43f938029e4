"""Organisation admin pages: people and the reporting tree (admins only)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.core.forms import add_domain_error
from keyact.orgs.access import acting_user, admin_view
from keyact.orgs.forms import (
    DepartmentForm,
    MemberCreateForm,
    MemberUpdateForm,
)
from keyact.orgs.models import Department
from keyact.orgs.selectors import department_list, organization_get, user_get, user_list
from keyact.orgs.services import department_create, member_create, member_update


@admin_view
def people(request: HttpRequest) -> HttpResponse:
    """Everyone in the organisation with role, manager and unit."""
    user = acting_user(request)
    return render(request, "orgs/people.html", {"people": list(user_list(user=user))})


@admin_view
def member_new(request: HttpRequest) -> HttpResponse:
    """Create a person: login, display name, role, manager, unit and an initial password."""
    user = acting_user(request)
    form = MemberCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = member_create(
                organization=organization_get(user=user),
                username=data["username"].strip(),
                password=data["password"],
                role=data["role"],
                display_name=data["display_name"].strip(),
                manager_id=data["manager_id"],
                department_id=data["department_id"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": membership.user.label})
            return redirect("orgs:people")
    return render(request, "orgs/member_form.html", {"form": form, "person": None})


@admin_view
def member_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """Change a member's role, manager, unit, title and whether they are active."""
    user = acting_user(request)
    person = user_get(user=user, user_id=user_id)
    membership = person.membership
    if request.method == "POST":
        form = MemberUpdateForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                member_update(
                    actor=user,
                    user_id=person.pk,
                    role=data["role"],
                    manager_id=data["manager_id"],
                    clear_manager=data["manager_id"] is None,
                    department_id=data["department_id"],
                    title=data["title"],
                    is_active=data["is_active"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("%(name)s saved.") % {"name": person.label})
                return redirect("orgs:people")
    else:
        form = MemberUpdateForm(
            user=user,
            initial={
                "role": membership.role,
                "manager_id": membership.manager_id,
                "department_id": membership.department_id,
                "title": membership.title,
                "is_active": membership.is_active,
            },
        )
    return render(request, "orgs/member_form.html", {"form": form, "person": person})


def _tree(units: list[Department], members: dict[int | None, list[Any]]) -> list[dict[str, Any]]:
    """Nest the units under their parents, each with its members."""
    children: dict[int | None, list[Department]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)

    def build(parent_id: int | None) -> list[dict[str, Any]]:
        return [
            {"unit": u, "members": members.get(u.pk, []), "children": build(u.pk)}
            for u in children.get(parent_id, [])
        ]

    return build(None)


def _reporting_lines(people: list[Any]) -> list[dict[str, Any]]:
    """Nest people under their managers (people whose manager is outside the list are roots)."""
    present = {p.pk for p in people}
    reports: dict[int | None, list[Any]] = defaultdict(list)
    for person in people:
        manager_id = person.membership.manager_id
        reports[manager_id if manager_id in present else None].append(person)
    seen: set[int] = set()

    def build(manager_id: int | None) -> list[dict[str, Any]]:
        nodes = []
        for person in reports.get(manager_id, []):
            if person.pk in seen:
                continue
            seen.add(person.pk)
            nodes.append({"person": person, "children": build(person.pk)})
        return nodes

    return build(None)


@admin_view
def tree(request: HttpRequest) -> HttpResponse:
    """The reporting tree: departments and teams with their people; add a unit."""
    user = acting_user(request)
    form = DepartmentForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = department_create(
                actor=user, name=data["name"], kind=data["kind"], parent_id=data["parent_id"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": unit.name})
            return redirect("orgs:tree")
    units = list(department_list(user=user))
    people = list(user_list(user=user))
    members: dict[int | None, list[Any]] = defaultdict(list)
    for person in people:
        members[person.membership.department_id].append(person)
    return render(
        request,
        "orgs/tree.html",
        {
            "tree": _tree(units, members),
            "unplaced": members.get(None, []),
            "lines": _reporting_lines(people),
            "form": form,
        },
    )
